import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { changePassword } from "../server/accounts/password-change";
import { requestPasswordReset, viewPasswordReset } from "../server/accounts/password-reset";
import { getDb } from "../server/db/client";
import { withTenant } from "../server/db/with-tenant";
import { auditEvents, authSessions, emailOutbox, users } from "../server/db/schema";
import { createSessionRecord } from "../server/sessions/create-session-record";
import { authenticateUser } from "../server/users/authenticate-user";
import { makeTenant, TEST_META } from "./factories";

// Changing the password while signed in (the account page): the current one typed again, the new
// one checked like at sign-up, every other sign-in ended, this one kept.

const CURRENT = "a long test password";
const ip = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
const meta = () => ({ ...TEST_META, ip: ip() });
const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: { fieldErrors?: Record<string, string[]> }) => error.fieldErrors ?? error);

describe("changing the password", () => {
  it("needs the current password and a new one that passes the sign-up rules", async () => {
    const { owner } = await makeTenant();
    const base = { userId: owner.id, sessionId: null, meta: meta() };
    expect(await refusal(changePassword({ ...base, currentPassword: "not it at all", newPassword: "a fresh long password" }))).toEqual({ password: ["That password is not correct."] });
    expect(await refusal(changePassword({ ...base, currentPassword: CURRENT, newPassword: "short" }))).toEqual({ newPassword: ["Use at least 10 characters."] });
    expect(await refusal(changePassword({ ...base, currentPassword: CURRENT, newPassword: " ".repeat(12) }))).toMatchObject({ newPassword: [expect.stringMatching(/different characters/)] });
    expect(await refusal(changePassword({ ...base, currentPassword: CURRENT, newPassword: CURRENT }))).toEqual({ newPassword: ["Choose a password different from your current one."] });
    expect((await authenticateUser({ email: owner.email, password: CURRENT, ip: ip() }))?.id).toBe(owner.id);
  });

  it("changes it, ends every other sign-in but this one, kills reset links, tells the person and each workspace", async () => {
    const { owner, tenant } = await makeTenant();
    const here = await createSessionRecord({ userId: owner.id, host: "localhost:3000", ip: "203.0.113.7", userAgent: "vitest here" });
    const phone = await createSessionRecord({ userId: owner.id, host: "localhost:3000", ip: "203.0.113.8", userAgent: "vitest phone" });
    await requestPasswordReset({ email: owner.email, ip: ip() });
    const [resetMail] = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, owner.email));
    const resetToken = /\/reset-password\/([A-Za-z0-9_-]{43})/.exec(resetMail!.bodyText)![1]!;

    expect(await changePassword({ userId: owner.id, sessionId: here.id, currentPassword: CURRENT, newPassword: "a brand new sentence", meta: meta() })).toEqual({ endedSessions: 1, signedOut: false });

    expect(await authenticateUser({ email: owner.email, password: CURRENT, ip: ip() })).toBeNull();
    expect((await authenticateUser({ email: owner.email, password: "a brand new sentence", ip: ip() }))?.id).toBe(owner.id);
    const ended = Object.fromEntries((await getDb().select().from(authSessions).where(eq(authSessions.userId, owner.id))).map((s) => [s.id, s.revokedAt !== null]));
    expect(ended).toMatchObject({ [here.id]: false, [phone.id]: true });
    expect(await viewPasswordReset(resetToken)).toBeNull();
    const subjects = (await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, owner.email))).map((m) => m.subject);
    expect(subjects).toContain("Your Atrium password was changed");
    const audit = await withTenant(tenant.id, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, tenant.id), eq(auditEvents.action, "account.password_changed"))));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain("a brand new sentence");
  });

  it("a sign-in without a record of its own cannot be kept apart from the others: every sign-in ends, this one too", async () => {
    const { owner } = await makeTenant();
    const phone = await createSessionRecord({ userId: owner.id, host: "localhost:3000", ip: "203.0.113.8", userAgent: "vitest phone" });
    const [before] = await getDb().select({ v: users.sessionVersion }).from(users).where(eq(users.id, owner.id));
    expect(await changePassword({ userId: owner.id, sessionId: null, currentPassword: CURRENT, newPassword: "another long sentence", meta: meta() })).toEqual({ endedSessions: 0, signedOut: true });
    const [after] = await getDb().select({ v: users.sessionVersion }).from(users).where(eq(users.id, owner.id));
    expect(after!.v).toBe(before!.v + 1);
    const [record] = await getDb().select().from(authSessions).where(eq(authSessions.id, phone.id));
    expect(record!.revokedAt).not.toBeNull();
  });

  it("a sign-in whose own record was ended meanwhile ends every sign-in too", async () => {
    const { owner } = await makeTenant();
    const here = await createSessionRecord({ userId: owner.id, host: "localhost:3000", ip: "203.0.113.7", userAgent: "vitest here" });
    const phone = await createSessionRecord({ userId: owner.id, host: "localhost:3000", ip: "203.0.113.8", userAgent: "vitest phone" });
    await getDb().update(authSessions).set({ revokedAt: new Date() }).where(eq(authSessions.id, here.id));
    expect(await changePassword({ userId: owner.id, sessionId: here.id, currentPassword: CURRENT, newPassword: "yet another sentence", meta: meta() })).toEqual({ endedSessions: 0, signedOut: true });
    const [record] = await getDb().select().from(authSessions).where(eq(authSessions.id, phone.id));
    expect(record!.revokedAt).not.toBeNull();
  });
});
