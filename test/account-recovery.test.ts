import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { and, desc, eq, like, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ANSWER_FLOOR_MS } from "../server/accounts/answer-floor";
import { confirmEmailChange, requestEmailChange, viewEmailChange } from "../server/accounts/email-change";
import { assertEmailVerified, resendVerificationEmail, unverifiedEmailOf, verifyEmail } from "../server/accounts/email-verification";
import { redeemMagicLink, requestMagicLink, viewMagicLink } from "../server/accounts/magic-link";
import { changePassword } from "../server/accounts/password-change";
import { requestPasswordReset, resetPassword, viewPasswordReset } from "../server/accounts/password-reset";
import { hashOneTimeToken } from "../server/auth/one-time-tokens";
import { getSessionVersion } from "../server/auth/session-version";
import { startCheckout } from "../server/billing/manage-subscription";
import { getDb } from "../server/db/client";
import { withTenant } from "../server/db/with-tenant";
import { auditEvents, authSessions, authTokens, emailOutbox, users } from "../server/db/schema";
import { createSessionRecord } from "../server/sessions/create-session-record";
import { REDACTED_LINK, redactOneTimeLinks } from "../server/email/redact-one-time-links";
import { acceptInvitation, inviteMember } from "../server/members/invitations";
import { addMember } from "../server/members/add-member";
import { createTenant } from "../server/tenants/create-tenant";
import { authenticateUser } from "../server/users/authenticate-user";
import { createUser } from "../server/users/create-user";
import { makeTenant, makeUser, TEST_META, uid } from "./factories";

// Every path of the account tokens (reset, verification, sign-in link, email change) against a
// real database: single use, expiry, hash-only storage, throttles, same answer for unknown
// addresses, session revocation, concurrent redemption, hostile input.

const PATHS = { password_reset: "reset-password", email_verify: "verify-email", magic_link: "magic-link", email_change: "confirm-email" } as const;

/** The token in the newest email to `to` for that kind of link (the only place it exists). */
async function linkToken(to: string, purpose: keyof typeof PATHS): Promise<string> {
  const rows = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, to)).orderBy(desc(emailOutbox.createdAt));
  for (const row of rows) {
    const match = new RegExp(`/${PATHS[purpose]}/([A-Za-z0-9_-]{43})`).exec(row.bodyText);
    if (match) return match[1]!;
  }
  throw new Error(`no ${purpose} email to ${to}`);
}

async function mailTo(to: string) {
  return getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, to)).orderBy(desc(emailOutbox.createdAt));
}

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

const ip = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${uid()}`;
const expire = (userId: string, purpose: string) => getDb().execute(sql`update auth_tokens set expires_at = now() - interval '1 second' where user_id = ${userId} and purpose = ${purpose}`);

describe("forgot password", () => {
  it("answers the same, after the same minimum time, whether or not the address has an account", async () => {
    const user = await makeUser();
    const unknown = `nobody-${uid()}@example.test`;
    const t0 = performance.now();
    const known = await requestPasswordReset({ email: user.email.toUpperCase(), ip: ip() });
    const t1 = performance.now();
    const missing = await requestPasswordReset({ email: unknown, ip: ip() });
    const t2 = performance.now();
    expect(known).toEqual(missing);
    expect(t1 - t0).toBeGreaterThanOrEqual(ANSWER_FLOOR_MS - 5);
    expect(t2 - t1).toBeGreaterThanOrEqual(ANSWER_FLOOR_MS - 5);
    expect(Math.abs(t1 - t0 - (t2 - t1))).toBeLessThan(150);
    expect(await mailTo(unknown)).toHaveLength(0);
    const [mail] = await mailTo(user.email);
    expect(mail!.subject).toBe("Reset your Atrium password");
  });

  it("stores only the link's hash, and the dedupe key carries no token", async () => {
    const user = await makeUser();
    await requestPasswordReset({ email: user.email, ip: ip() });
    const token = await linkToken(user.email, "password_reset");
    const dump = JSON.stringify(await getDb().select().from(authTokens).where(eq(authTokens.userId, user.id)));
    expect(dump).not.toContain(token);
    expect(dump).toContain(hashOneTimeToken(token));
    const [mail] = await mailTo(user.email);
    expect(mail!.dedupeKey).not.toContain(token);
    // Every workspace's log, read as the superuser (row-level security would show the app role none).
    const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
    try {
      const audit = await admin<{ n: number }[]>`select count(*)::int as n from audit_events where metadata::text like ${"%" + token + "%"}`;
      expect(audit[0]!.n).toBe(0);
    } finally {
      await admin.end({ timeout: 5 });
    }
  });

  it("sets the password once: sessions end, older links die, the address is told, every workspace records it", async () => {
    const a = await makeTenant();
    const b = await makeTenant();
    await addMember({ tenantId: b.tenant.id, userId: a.owner.id, role: "member", actorUserId: b.owner.id, meta: TEST_META });
    const user = a.owner;
    const versionBefore = await getSessionVersion(user.id);
    await requestPasswordReset({ email: user.email, ip: ip() });
    const older = await linkToken(user.email, "password_reset");
    await requestMagicLink({ email: user.email, ip: ip() });
    const magic = await linkToken(user.email, "magic_link");
    await requestPasswordReset({ email: user.email, ip: ip() });
    const token = await linkToken(user.email, "password_reset");
    expect(token).not.toBe(older);

    expect(await viewPasswordReset(token)).toEqual({ email: user.email });
    expect(await viewPasswordReset(token)).toEqual({ email: user.email });
    const session = await createSessionRecord({ userId: user.id, host: "localhost:3000", ip: "203.0.113.7", userAgent: "vitest" });
    const { userId } = await resetPassword({ token, password: "a brand new password", meta: TEST_META });
    expect(userId).toBe(user.id);
    // The account page no longer lists the ended session as active.
    const [record] = await getDb().select({ revokedAt: authSessions.revokedAt }).from(authSessions).where(eq(authSessions.id, session.id));
    expect(record?.revokedAt).not.toBeNull();

    expect(await getSessionVersion(user.id)).toBe(versionBefore! + 1);
    expect(await authenticateUser({ email: user.email, password: "a long test password", ip: ip() })).toBeNull();
    expect((await authenticateUser({ email: user.email, password: "a brand new password", ip: ip() }))?.id).toBe(user.id);
    expect(await codeOf(resetPassword({ token, password: "yet another password", meta: TEST_META }))).toBe("BAD_REQUEST");
    expect(await codeOf(resetPassword({ token: older, password: "yet another password", meta: TEST_META }))).toBe("BAD_REQUEST");
    expect(await viewMagicLink(magic)).toBeNull();
    expect((await mailTo(user.email)).map((m) => m.subject)).toContain("Your Atrium password was changed");
    for (const tenantId of [a.tenant.id, b.tenant.id]) {
      const events = await withTenant(tenantId, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.action, "account.password_reset"))));
      expect(events).toHaveLength(1);
      expect(JSON.stringify(events)).not.toContain(token);
    }
  });

  it("one link, eight concurrent redemptions: exactly one sets the password", async () => {
    const user = await makeUser();
    await requestPasswordReset({ email: user.email, ip: ip() });
    const token = await linkToken(user.email, "password_reset");
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => resetPassword({ token, password: `concurrent password ${i}`, meta: TEST_META })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").every((r) => (r as PromiseRejectedResult).reason.code === "BAD_REQUEST")).toBe(true);
    expect((await mailTo(user.email)).filter((m) => m.subject === "Your Atrium password was changed")).toHaveLength(1);
  });

  it("expires after 30 minutes, and a link sent to an address the account no longer has is void", async () => {
    const user = await makeUser();
    await requestPasswordReset({ email: user.email, ip: ip() });
    const token = await linkToken(user.email, "password_reset");
    const [row] = await getDb().select({ ttl: sql<number>`extract(epoch from expires_at - created_at)::int` }).from(authTokens).where(eq(authTokens.tokenHash, hashOneTimeToken(token)));
    expect(row!.ttl).toBe(1800);
    await expire(user.id, "password_reset");
    expect(await viewPasswordReset(token)).toBeNull();
    expect(await codeOf(resetPassword({ token, password: "a brand new password", meta: TEST_META }))).toBe("BAD_REQUEST");

    await requestPasswordReset({ email: user.email, ip: ip() });
    const second = await linkToken(user.email, "password_reset");
    await getDb().update(users).set({ email: `moved-${uid()}@example.test` }).where(eq(users.id, user.id));
    expect(await codeOf(resetPassword({ token: second, password: "a brand new password", meta: TEST_META }))).toBe("BAD_REQUEST");
  });

  it("is throttled per address (known or not, the same) and per IP", async () => {
    const user = await makeUser();
    const unknown = `nobody-${uid()}@example.test`;
    for (const email of [user.email, unknown]) {
      for (let i = 0; i < 3; i++) await requestPasswordReset({ email, ip: ip() });
      expect(await codeOf(requestPasswordReset({ email, ip: ip() }))).toBe("TOO_MANY_REQUESTS");
    }
    expect((await mailTo(user.email)).length).toBe(3);
    const sameIp = ip();
    for (let i = 0; i < 20; i++) await requestPasswordReset({ email: `spray-${i}-${uid()}@example.test`, ip: sameIp });
    expect(await codeOf(requestPasswordReset({ email: `spray-x-${uid()}@example.test`, ip: sameIp }))).toBe("TOO_MANY_REQUESTS");
  }, 60_000);

  it("refuses NUL bytes and huge input cleanly", async () => {
    const user = await makeUser();
    expect(await codeOf(requestPasswordReset({ email: "a\u0000b@example.test", ip: ip() }))).toBe("BAD_REQUEST");
    expect(await codeOf(requestPasswordReset({ email: `${"a".repeat(100_000)}@example.test`, ip: ip() }))).toBe("BAD_REQUEST");
    expect(await codeOf(requestPasswordReset({ email: 42, ip: ip() }))).toBe("BAD_REQUEST");
    await requestPasswordReset({ email: user.email, ip: ip() });
    const token = await linkToken(user.email, "password_reset");
    const bad = await Promise.all([
      codeOf(resetPassword({ token, password: "password\u0000with nul", meta: TEST_META })),
      codeOf(resetPassword({ token, password: "x".repeat(1_000_000), meta: TEST_META })),
      codeOf(resetPassword({ token: `${token}\u0000`, password: "a brand new password", meta: TEST_META })),
      codeOf(resetPassword({ token: "A".repeat(1_000_000), password: "a brand new password", meta: TEST_META })),
    ]);
    expect(bad).toEqual(["BAD_REQUEST", "BAD_REQUEST", "BAD_REQUEST", "BAD_REQUEST"]);
    expect(await viewPasswordReset("\u0000")).toBeNull();
    // The link survived all of that.
    expect(await viewPasswordReset(token)).toEqual({ email: user.email });
  });
});

describe("email verification", () => {
  async function newUser() {
    return createUser({ email: `new-${uid()}@example.test`, name: "New Person", password: "a long test password" });
  }

  it("until verified: no workspace, no invitations, no checkout; the link verifies once", async () => {
    const user = await newUser();
    expect(await unverifiedEmailOf(user.id)).toBe(user.email);
    const slug = `v-${uid()}`;
    expect(await codeOf(createTenant({ userId: user.id, name: "Unverified", slug, meta: TEST_META, skipRateLimit: true }))).toBe("FORBIDDEN");

    // An owner whose address is not verified (e.g. verification was reset) cannot invite or pay.
    const t = await makeTenant();
    await getDb().update(users).set({ emailVerifiedAt: null }).where(eq(users.id, t.owner.id));
    expect(await codeOf(inviteMember({ tenantId: t.tenant.id, actorUserId: t.owner.id, actorRole: "owner", meta: TEST_META, email: `x-${uid()}@example.test`, role: "member" }))).toBe("FORBIDDEN");
    expect(await codeOf(startCheckout({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, planId: "pro", interval: "month", origin: "http://x.localhost:3000", attemptId: randomUUID() }))).toBe("FORBIDDEN");

    expect(await resendVerificationEmail({ userId: user.id, ip: ip() })).toBe("sent");
    const token = await linkToken(user.email, "email_verify");
    expect(await verifyEmail(token, user.id)).toMatchObject({ state: "verified", email: user.email });
    // Opened again (or first by a mail scanner): still says verified, changes nothing.
    expect(await verifyEmail(token, null)).toEqual({ state: "already_verified", email: user.email });
    await assertEmailVerified(user.id);
    expect(await unverifiedEmailOf(user.id)).toBeNull();
    expect((await createTenant({ userId: user.id, name: "Verified", slug, meta: TEST_META, skipRateLimit: true })).slug).toBe(slug);
    expect(await resendVerificationEmail({ userId: user.id, ip: ip() })).toBe("already_verified");
  });

  it("expired, unknown and malformed links say so without verifying", async () => {
    const user = await newUser();
    await resendVerificationEmail({ userId: user.id, ip: ip() });
    const token = await linkToken(user.email, "email_verify");
    await expire(user.id, "email_verify");
    expect(await verifyEmail(token, user.id)).toEqual({ state: "invalid" });
    expect(await verifyEmail("A".repeat(43), user.id)).toEqual({ state: "invalid" });
    expect(await verifyEmail("\u0000".repeat(10), null)).toEqual({ state: "invalid" });
    expect(await verifyEmail("x".repeat(1_000_000), user.id)).toEqual({ state: "invalid" });
    expect(await unverifiedEmailOf(user.id)).toBe(user.email);
  });

  it("two concurrent verifications of one link: one verifies, the other sees it done", async () => {
    const user = await newUser();
    await resendVerificationEmail({ userId: user.id, ip: ip() });
    const token = await linkToken(user.email, "email_verify");
    const states = (await Promise.all([verifyEmail(token, user.id), verifyEmail(token, user.id), verifyEmail(token, user.id)])).map((r) => r.state).sort();
    expect(states).toEqual(["already_verified", "already_verified", "verified"]);
  });

  it("only the account's own sign-in confirms: a signed-out opener (a scanner, the inbox of an address someone squatted) or another account changes nothing", async () => {
    const user = await newUser();
    const other = await newUser();
    await resendVerificationEmail({ userId: user.id, ip: ip() });
    const token = await linkToken(user.email, "email_verify");
    expect(await verifyEmail(token, null)).toEqual({ state: "sign_in", email: user.email });
    expect(await verifyEmail(token, other.id)).toEqual({ state: "sign_in", email: user.email });
    expect(await unverifiedEmailOf(user.id)).toBe(user.email);
    // The link was not spent: the account itself still confirms with it.
    expect(await verifyEmail(token, user.id)).toMatchObject({ state: "verified", email: user.email });
    expect(await unverifiedEmailOf(user.id)).toBeNull();
  });

  it("resend is throttled per user", async () => {
    const user = await newUser();
    for (let i = 0; i < 3; i++) await resendVerificationEmail({ userId: user.id, ip: ip() });
    expect(await codeOf(resendVerificationEmail({ userId: user.id, ip: ip() }))).toBe("TOO_MANY_REQUESTS");
  });

  it("accepting an invitation sent to the address verifies it", async () => {
    const t = await makeTenant();
    const invitee = await newUser();
    await inviteMember({ tenantId: t.tenant.id, actorUserId: t.owner.id, actorRole: "owner", meta: TEST_META, email: invitee.email, role: "member" });
    const [mail] = await mailTo(invitee.email);
    const token = /\/invite\/([A-Za-z0-9_-]{43})/.exec(mail!.bodyText)![1]!;
    await acceptInvitation({ token, userId: invitee.id, userEmail: invitee.email, meta: TEST_META });
    expect(await unverifiedEmailOf(invitee.id)).toBeNull();
  });
});

describe("magic links", () => {
  it("the first proof of an unverified address ends whatever a squatter set up: their password and sessions", async () => {
    const squatted = await createUser({ email: `squat-${uid()}@example.test`, name: "Squatter", password: "the squatter's password" });
    const versionBefore = await getSessionVersion(squatted.id);
    await requestMagicLink({ email: squatted.email, ip: ip(), next: "/account" });
    const { userId } = await redeemMagicLink(await linkToken(squatted.email, "magic_link"));
    expect(userId).toBe(squatted.id);
    expect(await authenticateUser({ email: squatted.email, password: "the squatter's password", ip: ip() })).toBeNull();
    expect(await getSessionVersion(squatted.id)).toBe(versionBefore! + 1);
    // A verified account's password is left alone by a magic link.
    const owner = await createUser({ email: `owner-${uid()}@example.test`, name: "Owner", password: "a long test password", emailVerified: true });
    await requestMagicLink({ email: owner.email, ip: ip(), next: "/account" });
    await redeemMagicLink(await linkToken(owner.email, "magic_link"));
    expect((await authenticateUser({ email: owner.email, password: "a long test password", ip: ip() }))?.id).toBe(owner.id);
  });

  it("same answer for unknown addresses; opening the page does not spend it; one sign-in; proves the address", async () => {
    const user = await createUser({ email: `magic-${uid()}@example.test`, name: "Magic", password: "a long test password" });
    const unknown = `nobody-${uid()}@example.test`;
    const t0 = performance.now();
    const known = await requestMagicLink({ email: user.email, ip: ip(), next: "/account" });
    const t1 = performance.now();
    const missing = await requestMagicLink({ email: unknown, ip: ip(), next: "/account" });
    const t2 = performance.now();
    expect(known).toEqual(missing);
    expect(Math.min(t1 - t0, t2 - t1)).toBeGreaterThanOrEqual(ANSWER_FLOOR_MS - 5);
    expect(await mailTo(unknown)).toHaveLength(0);
    const token = await linkToken(user.email, "magic_link");
    const [row] = await getDb().select({ ttl: sql<number>`extract(epoch from expires_at - created_at)::int` }).from(authTokens).where(eq(authTokens.tokenHash, hashOneTimeToken(token)));
    expect(row!.ttl).toBe(900);
    expect(JSON.stringify(await getDb().select().from(authTokens).where(eq(authTokens.userId, user.id)))).not.toContain(token);

    expect(await viewMagicLink(token)).toEqual({ email: user.email });
    expect(await viewMagicLink(token)).toEqual({ email: user.email });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => redeemMagicLink(token)));
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    expect((won[0] as PromiseFulfilledResult<{ userId: string; next: string }>).value).toEqual({ userId: user.id, next: "/account" });
    expect(await viewMagicLink(token)).toBeNull();
    expect(await unverifiedEmailOf(user.id)).toBeNull();
  });

  it("keeps only a safe next, expires, and is throttled per address and IP", async () => {
    const user = await makeUser();
    await requestMagicLink({ email: user.email, ip: ip(), next: "//evil.example/steal" });
    const token = await linkToken(user.email, "magic_link");
    expect((await redeemMagicLink(token)).next).toBe("/auth/landing");

    await requestMagicLink({ email: user.email, ip: ip() });
    const late = await linkToken(user.email, "magic_link");
    await expire(user.id, "magic_link");
    expect(await codeOf(redeemMagicLink(late))).toBe("BAD_REQUEST");

    const unknown = `nobody-${uid()}@example.test`;
    for (let i = 0; i < 5; i++) await requestMagicLink({ email: unknown, ip: ip() });
    expect(await codeOf(requestMagicLink({ email: unknown, ip: ip() }))).toBe("TOO_MANY_REQUESTS");
    const sameIp = ip();
    for (let i = 0; i < 20; i++) await requestMagicLink({ email: `spray-${i}-${uid()}@example.test`, ip: sameIp });
    expect(await codeOf(requestMagicLink({ email: `spray-y-${uid()}@example.test`, ip: sameIp }))).toBe("TOO_MANY_REQUESTS");
    expect(await codeOf(requestMagicLink({ email: "\u0000@example.test", ip: ip() }))).toBe("BAD_REQUEST");
    expect(await codeOf(redeemMagicLink("\u0000"))).toBe("BAD_REQUEST");
  }, 60_000);
});

describe("changing the email address", () => {
  it("needs the password; the new address confirms; the old one is told; sessions end; old links die", async () => {
    const t = await makeTenant();
    const user = t.owner;
    const next = `renamed-${uid()}@example.test`;
    expect(await codeOf(requestEmailChange({ userId: user.id, newEmail: next, password: "wrong password!", ip: ip() }))).toBe("BAD_REQUEST");
    expect(await codeOf(requestEmailChange({ userId: user.id, newEmail: user.email, password: "a long test password", ip: ip() }))).toBe("BAD_REQUEST");
    await requestPasswordReset({ email: user.email, ip: ip() });
    const reset = await linkToken(user.email, "password_reset");
    expect(await requestEmailChange({ userId: user.id, newEmail: next.toUpperCase(), password: "a long test password", ip: ip() })).toEqual({ sentTo: next });
    const token = await linkToken(next, "email_change");
    expect(await viewEmailChange(token)).toEqual({ from: user.email, to: next });
    // Nothing changes before the link is followed.
    expect((await getDb().select().from(users).where(eq(users.id, user.id)))[0]!.email).toBe(user.email);

    const version = await getSessionVersion(user.id);
    const results = await Promise.allSettled([confirmEmailChange({ token, meta: TEST_META }), confirmEmailChange({ token, meta: TEST_META })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [row] = await getDb().select().from(users).where(eq(users.id, user.id));
    expect(row!.email).toBe(next);
    expect(row!.emailVerifiedAt).not.toBeNull();
    expect(await getSessionVersion(user.id)).toBe(version! + 1);
    expect((await mailTo(user.email)).map((m) => m.subject)).toContain("Your Atrium email address was changed");
    expect(await viewPasswordReset(reset)).toBeNull();
    const events = await withTenant(t.tenant.id, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, t.tenant.id), eq(auditEvents.action, "account.email_changed"))));
    expect(events[0]!.metadata).toEqual({ from: user.email, to: next });
  });

  it("a taken address is refused, when asked and when it was taken before the confirmation", async () => {
    const user = await makeUser();
    const other = await makeUser();
    expect(await codeOf(requestEmailChange({ userId: user.id, newEmail: other.email, password: "a long test password", ip: ip() }))).toBe("CONFLICT");
    const wanted = `wanted-${uid()}@example.test`;
    await requestEmailChange({ userId: user.id, newEmail: wanted, password: "a long test password", ip: ip() });
    const token = await linkToken(wanted, "email_change");
    await createUser({ email: wanted, name: "Quicker", password: "a long test password", emailVerified: true });
    expect(await codeOf(confirmEmailChange({ token, meta: TEST_META }))).toBe("CONFLICT");
    expect((await getDb().select().from(users).where(eq(users.id, user.id)))[0]!.email).toBe(user.email);
    await expire(user.id, "email_change");
    expect(await viewEmailChange(token)).toBeNull();
    expect(await codeOf(requestEmailChange({ userId: user.id, newEmail: "\u0000@x.test", password: "a long test password", ip: ip() }))).toBe("BAD_REQUEST");
  });
});

describe("a pending change of address after the password stops being the proof", () => {
  // A change of address needs only the password; an account's owner who ends that password (a
  // reset, a change, the first proof of a squatted address) must also end what it asked for.
  async function pendingChange(user: { id: string }, password: string): Promise<string> {
    const to = `thief-${uid()}@example.test`;
    await requestEmailChange({ userId: user.id, newEmail: to, password, ip: ip() });
    const token = await linkToken(to, "email_change");
    expect(await viewEmailChange(token)).not.toBeNull();
    return token;
  }

  it("a password reset ends it", async () => {
    const user = await makeUser();
    const token = await pendingChange(user, "a long test password");
    await requestPasswordReset({ email: user.email, ip: ip() });
    await resetPassword({ token: await linkToken(user.email, "password_reset"), password: "the owner's new password", meta: TEST_META });
    expect(await viewEmailChange(token)).toBeNull();
    expect(await codeOf(confirmEmailChange({ token, meta: TEST_META }))).toBe("BAD_REQUEST");
    expect((await getDb().select().from(users).where(eq(users.id, user.id)))[0]!.email).toBe(user.email);
  });

  it("a password change ends it", async () => {
    const user = await makeUser();
    const token = await pendingChange(user, "a long test password");
    await changePassword({ userId: user.id, sessionId: null, currentPassword: "a long test password", newPassword: "the owner's new password", meta: TEST_META });
    expect(await codeOf(confirmEmailChange({ token, meta: TEST_META }))).toBe("BAD_REQUEST");
  });

  it("the inbox owner's first proof (a magic link) ends the squatter's", async () => {
    const squatted = await createUser({ email: `squat-${uid()}@example.test`, name: "Squatter", password: "the squatter's password" });
    const token = await pendingChange(squatted, "the squatter's password");
    await requestMagicLink({ email: squatted.email, ip: ip(), next: "/account" });
    await redeemMagicLink(await linkToken(squatted.email, "magic_link"));
    expect(await codeOf(confirmEmailChange({ token, meta: TEST_META }))).toBe("BAD_REQUEST");
    expect((await getDb().select().from(users).where(eq(users.id, squatted.id)))[0]!.email).toBe(squatted.email);
  });
});

describe("one-time links in stored mail", () => {
  it("every account link is removed once sent, whatever its token looks like", () => {
    const origin = "http://localhost:3000";
    for (const path of ["reset-password", "verify-email", "confirm-email", "magic-link", "invite"]) {
      const body = `Open ${origin}/${path}/abcdefghijklmnopqrstuvwxyz0123456789-_abcde now. Or ${origin}/${path}/lowercaseonlytoken.`;
      const out = redactOneTimeLinks(body);
      expect(out).toBe(`Open ${REDACTED_LINK} now. Or ${REDACTED_LINK}.`);
    }
    expect(redactOneTimeLinks(`${origin}/forgot-password and ${origin}/sign-in`)).toBe(`${origin}/forgot-password and ${origin}/sign-in`);
  });

  it("the emails sent hold links that redaction removes", async () => {
    const user = await makeUser();
    await requestPasswordReset({ email: user.email, ip: ip() });
    await requestMagicLink({ email: user.email, ip: ip() });
    for (const mail of await mailTo(user.email)) {
      expect(redactOneTimeLinks(mail.bodyText)).toContain(REDACTED_LINK);
      expect(redactOneTimeLinks(mail.bodyText)).not.toMatch(/[A-Za-z0-9_-]{43}/);
    }
    const rows = await getDb().select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, user.email), like(emailOutbox.dedupeKey, "%:%")));
    expect(rows.length).toBe(2);
  });
});
