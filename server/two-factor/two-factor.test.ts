import { createHash } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeUser } from "../../test/factories";
import { getDb } from "../db/client";
import { authSessions, authTokens, emailOutbox, userRecoveryCodes, userTotp, users } from "../db/schema";
import { createSessionRecord } from "../sessions/create-session-record";
import { beginPasskeyRegistration } from "../passkeys/begin-passkey-registration";
import { isAppError } from "../errors";
import { disableTotp } from "./disable-totp";
import { confirmTotpEnrolment, startTotpEnrolment } from "./enrol-totp";
import { getTwoFactorStatus } from "./get-two-factor-status";
import { userHasSecondFactor } from "./has-second-factor";
import { completePendingSignIn, createPendingSignIn, findPendingSignIn } from "./pending-sign-in";
import { openSecret } from "./secret-box";
import { matchTotpStep, totpCodeAt } from "./totp";
import { acceptRecoveryCode, acceptTotpCode } from "./verify-second-factor";

const STEP = 30_000;
// The middle of a 30-second step, so a test never straddles a boundary.
const T0 = 60_000_000 * STEP + 15_000;
const HOST = "localhost:3000";

function at(ms: number): void {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(ms);
}

afterEach(() => {
  vi.useRealTimers();
});

async function enrolled() {
  const user = await makeUser();
  at(T0);
  const { secret, uri } = await startTotpEnrolment({ userId: user.id, password: "a long test password", ip: "192.0.2.1" });
  const recoveryCodes = await confirmTotpEnrolment({ userId: user.id, code: totpCodeAt(secret, T0) });
  return { user, secret, uri, recoveryCodes };
}

function accept<T>(fn: (tx: Parameters<Parameters<ReturnType<typeof getDb>["transaction"]>[0]>[0]) => Promise<T>): Promise<T> {
  return getDb().transaction(fn);
}

async function subjectsFor(email: string): Promise<string[]> {
  return (await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, email))).map((e) => e.subject).sort();
}

describe("TOTP codes", () => {
  it("match the current step and one step either side (clock drift), nothing further", () => {
    const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    const now = T0;
    const step = Math.floor(now / STEP);
    expect(matchTotpStep(secret, totpCodeAt(secret, now), now)).toBe(step);
    expect(matchTotpStep(secret, totpCodeAt(secret, now - STEP), now)).toBe(step - 1);
    expect(matchTotpStep(secret, totpCodeAt(secret, now + STEP), now)).toBe(step + 1);
    expect(matchTotpStep(secret, totpCodeAt(secret, now - 2 * STEP), now)).toBeNull();
    expect(matchTotpStep(secret, totpCodeAt(secret, now + 2 * STEP), now)).toBeNull();
  });

  it("enrolment is a second factor only once confirmed with a code", async () => {
    const user = await makeUser();
    at(T0);
    const { secret, uri } = await startTotpEnrolment({ userId: user.id, password: "a long test password", ip: "192.0.2.1" });
    expect(uri).toMatch(/^otpauth:\/\/totp\/Atrium:/);
    expect(uri).toContain(`secret=${secret}`);
    expect(await userHasSecondFactor(user.id)).toBe(false);
    await expect(confirmTotpEnrolment({ userId: user.id, code: totpCodeAt(secret, T0 + 3 * STEP) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(confirmTotpEnrolment({ userId: user.id, code: "12345\u0000" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await userHasSecondFactor(user.id)).toBe(false);
    const codes = await confirmTotpEnrolment({ userId: user.id, code: totpCodeAt(secret, T0) });
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(await userHasSecondFactor(user.id)).toBe(true);
    // A second enrolment cannot silently replace a working one.
    await expect(startTotpEnrolment({ userId: user.id, password: "a long test password", ip: "192.0.2.1" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await subjectsFor(user.email)).toEqual(["Two-factor authentication is on"]);
  });

  it("the secret is stored sealed: not in clear, and it opens only for its own user", async () => {
    const { user, secret } = await enrolled();
    const other = await makeUser();
    const [row] = await getDb().select().from(userTotp).where(eq(userTotp.userId, user.id));
    const dump = JSON.stringify(await getDb().execute(sql`select * from user_totp where user_id = ${user.id}`));
    expect(dump).not.toContain(secret);
    expect(dump.toLowerCase()).not.toContain(Buffer.from(secret).toString("hex"));
    expect(row!.secretSealed).toMatch(/^v1\./);
    expect(openSecret(row!.secretSealed, user.id)).toBe(secret);
    expect(openSecret(row!.secretSealed, other.id)).toBeNull();
    const tampered = row!.secretSealed.slice(0, -2) + (row!.secretSealed.endsWith("A") ? "BB" : "AA");
    expect(openSecret(tampered, user.id)).toBeNull();
  });

  it("a code is accepted once: reuse within its window, and older codes, are refused", async () => {
    const { user, secret } = await enrolled();
    // The confirmation used step T0: the same code is refused, and so is the step before.
    expect(await accept((tx) => acceptTotpCode(tx, user.id, totpCodeAt(secret, T0)))).toBe(false);
    expect(await accept((tx) => acceptTotpCode(tx, user.id, totpCodeAt(secret, T0 - STEP)))).toBe(false);
    at(T0 + STEP);
    const next = totpCodeAt(secret, T0 + STEP);
    expect(await accept((tx) => acceptTotpCode(tx, user.id, `${next.slice(0, 3)} ${next.slice(3)}`))).toBe(true);
    expect(await accept((tx) => acceptTotpCode(tx, user.id, next))).toBe(false);
    // Drift: the phone one step ahead still works.
    expect(await accept((tx) => acceptTotpCode(tx, user.id, totpCodeAt(secret, T0 + 2 * STEP)))).toBe(true);
    expect(await accept((tx) => acceptTotpCode(tx, user.id, "abcdef"))).toBe(false);
    expect(await accept((tx) => acceptTotpCode(tx, user.id, "\u0000".repeat(6)))).toBe(false);
  });

  it("of many concurrent uses of one code, exactly one succeeds", async () => {
    const { user, secret } = await enrolled();
    at(T0 + STEP);
    const code = totpCodeAt(secret, T0 + STEP);
    const results = await Promise.all(Array.from({ length: 6 }, () => accept((tx) => acceptTotpCode(tx, user.id, code))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe("starting enrolment", () => {
  it("needs the password again, and an address the person has proven (a stolen session or a squatter gets no factor)", async () => {
    const user = await makeUser();
    await expect(startTotpEnrolment({ userId: user.id, password: "not the password", ip: "192.0.2.2" })).rejects.toMatchObject({ fieldErrors: { password: ["That password is not correct."] } });
    await expect(startTotpEnrolment({ userId: user.id, password: "", ip: "192.0.2.2" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await getDb().update(users).set({ emailVerifiedAt: null }).where(eq(users.id, user.id));
    await expect(startTotpEnrolment({ userId: user.id, password: "a long test password", ip: "192.0.2.2" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(beginPasskeyRegistration({ userId: user.id, password: "a long test password", ip: "192.0.2.2" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await getDb().select().from(userTotp).where(eq(userTotp.userId, user.id))).toHaveLength(0);
  });
});

describe("recovery codes", () => {
  it("are stored only as keyed hashes", async () => {
    const { user, recoveryCodes } = await enrolled();
    const rows = await getDb().select().from(userRecoveryCodes).where(eq(userRecoveryCodes.userId, user.id));
    expect(rows).toHaveLength(10);
    const dump = JSON.stringify(rows);
    for (const code of recoveryCodes) {
      expect(dump).not.toContain(code);
      expect(dump).not.toContain(code.replace("-", ""));
      // Not a plain (unkeyed) SHA-256 either: a leaked table cannot be brute-forced offline.
      expect(dump).not.toContain(createHash("sha256").update(code.replace("-", "")).digest("hex"));
    }
  });

  it("work once each, in any case and spacing, and say so by email", async () => {
    const { user, recoveryCodes } = await enrolled();
    const code = recoveryCodes[3]!;
    expect(await accept((tx) => acceptRecoveryCode(tx, user.id, ` ${code.toLowerCase().replace("-", " ")} `))).toBe(true);
    expect(await accept((tx) => acceptRecoveryCode(tx, user.id, code))).toBe(false);
    expect(await accept((tx) => acceptRecoveryCode(tx, user.id, "22222-22222"))).toBe(false);
    expect(await accept((tx) => acceptRecoveryCode(tx, user.id, "\u0000".repeat(10)))).toBe(false);
    expect(await accept((tx) => acceptRecoveryCode(tx, user.id, "x".repeat(100_000)))).toBe(false);
    expect((await getTwoFactorStatus(user.id)).recoveryCodesLeft).toBe(9);
    expect(await subjectsFor(user.email)).toEqual(["A recovery code was used to sign in", "Two-factor authentication is on"]);
  });

  it("of many concurrent uses of one code, exactly one succeeds", async () => {
    const { user, recoveryCodes } = await enrolled();
    const results = await Promise.all(Array.from({ length: 8 }, () => accept((tx) => acceptRecoveryCode(tx, user.id, recoveryCodes[0]!))));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await getTwoFactorStatus(user.id)).recoveryCodesLeft).toBe(9);
  });

  it("belong to their own user only", async () => {
    const { recoveryCodes } = await enrolled();
    const { user: other } = await enrolled();
    expect(await accept((tx) => acceptRecoveryCode(tx, other.id, recoveryCodes[0]!))).toBe(false);
  });
});

describe("the pending sign-in (second step)", () => {
  const ip = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

  it("finishes once with a right code; a finished one cannot be replayed", async () => {
    const { user, secret } = await enrolled();
    const token = await createPendingSignIn({ userId: user.id, next: "/workspaces", host: HOST });
    expect(await findPendingSignIn(token, HOST)).toEqual({ userId: user.id, next: "/workspaces" });
    at(T0 + STEP);
    const code = totpCodeAt(secret, T0 + STEP);
    const addr = ip();
    expect(await completePendingSignIn({ token, host: HOST, method: "totp", code, ip: addr })).toEqual({ status: "signed_in", userId: user.id, next: "/workspaces" });
    expect(await completePendingSignIn({ token, host: HOST, method: "totp", code, ip: addr })).toEqual({ status: "expired" });
    at(T0 + 2 * STEP);
    expect(await completePendingSignIn({ token, host: HOST, method: "totp", code: totpCodeAt(secret, T0 + 2 * STEP), ip: addr })).toEqual({ status: "expired" });
  });

  it("a wrong code keeps it waiting; the right one then works", async () => {
    const { user, secret } = await enrolled();
    const token = await createPendingSignIn({ userId: user.id, next: "/account", host: HOST });
    at(T0 + STEP);
    const addr = ip();
    expect(await completePendingSignIn({ token, host: HOST, method: "totp", code: "000000", ip: addr })).toEqual({ status: "wrong_code" });
    expect(await completePendingSignIn({ token, host: HOST, method: "recovery", code: "22222-22222", ip: addr })).toEqual({ status: "wrong_code" });
    expect(await completePendingSignIn({ token, host: HOST, method: "totp", code: "\u0000", ip: addr })).toEqual({ status: "wrong_code" });
    expect(await completePendingSignIn({ token, host: HOST, method: "totp", code: totpCodeAt(secret, T0 + STEP), ip: addr })).toMatchObject({ status: "signed_in" });
  });

  it("finishes with a recovery code, which is then used up", async () => {
    const { user, recoveryCodes } = await enrolled();
    const first = await createPendingSignIn({ userId: user.id, next: "/workspaces", host: HOST });
    expect(await completePendingSignIn({ token: first, host: HOST, method: "recovery", code: recoveryCodes[0]!, ip: ip() })).toMatchObject({ status: "signed_in" });
    const second = await createPendingSignIn({ userId: user.id, next: "/workspaces", host: HOST });
    expect(await completePendingSignIn({ token: second, host: HOST, method: "recovery", code: recoveryCodes[0]!, ip: ip() })).toEqual({ status: "wrong_code" });
  });

  it("two concurrent attempts with one recovery code on one pending sign-in: one signs in, the code is spent once", async () => {
    const { user, recoveryCodes } = await enrolled();
    const token = await createPendingSignIn({ userId: user.id, next: "/workspaces", host: HOST });
    const addr = ip();
    const results = await Promise.all(Array.from({ length: 5 }, () => completePendingSignIn({ token, host: HOST, method: "recovery", code: recoveryCodes[1]!, ip: addr })));
    expect(results.filter((r) => r.status === "signed_in")).toHaveLength(1);
    expect((await getTwoFactorStatus(user.id)).recoveryCodesLeft).toBe(9);
  });

  it("expires, and belongs to the host it was started on", async () => {
    const { user, secret } = await enrolled();
    const token = await createPendingSignIn({ userId: user.id, next: "/workspaces", host: HOST });
    at(T0 + STEP);
    const code = totpCodeAt(secret, T0 + STEP);
    expect(await completePendingSignIn({ token, host: "evil.localhost:3000", method: "totp", code, ip: ip() })).toEqual({ status: "expired" });
    await getDb().update(authTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(authTokens.userId, user.id));
    expect(await completePendingSignIn({ token, host: HOST, method: "totp", code, ip: ip() })).toEqual({ status: "expired" });
    expect(await completePendingSignIn({ token: "not-a-token", host: HOST, method: "totp", code, ip: ip() })).toEqual({ status: "expired" });
    expect(await completePendingSignIn({ token: "\u0000".repeat(43), host: HOST, method: "totp", code, ip: ip() })).toEqual({ status: "expired" });
  });

  it("is throttled like passwords: after five wrong codes from one address it ends, and a right code no longer helps", async () => {
    const { user, secret } = await enrolled();
    const token = await createPendingSignIn({ userId: user.id, next: "/workspaces", host: HOST });
    const addr = ip();
    for (let i = 0; i < 5; i++) expect((await completePendingSignIn({ token, host: HOST, method: "totp", code: "000000", ip: addr })).status).toBe("wrong_code");
    at(T0 + STEP);
    const result = await completePendingSignIn({ token, host: HOST, method: "totp", code: totpCodeAt(secret, T0 + STEP), ip: addr });
    expect(result).toMatchObject({ status: "throttled" });
    expect(result.status === "throttled" && result.retryAfterSeconds).toBeGreaterThan(0);
    expect(await findPendingSignIn(token, HOST)).toBeNull();
    // A new pending sign-in from the same address is still throttled for this account...
    const again = await createPendingSignIn({ userId: user.id, next: "/workspaces", host: HOST });
    expect((await completePendingSignIn({ token: again, host: HOST, method: "totp", code: totpCodeAt(secret, T0 + STEP), ip: addr })).status).toBe("throttled");
    // ...but not from another address (an attacker elsewhere cannot lock the person out).
    const elsewhere = await createPendingSignIn({ userId: user.id, next: "/workspaces", host: HOST });
    expect((await completePendingSignIn({ token: elsewhere, host: HOST, method: "totp", code: totpCodeAt(secret, T0 + STEP), ip: "203.0.113.77" })).status).toBe("signed_in");
  });

  it("caps a guesser spread over many addresses at ten codes an hour for the account", async () => {
    const { user, secret } = await enrolled();
    const token = await createPendingSignIn({ userId: user.id, next: "/workspaces", host: HOST });
    for (let i = 0; i < 10; i++) expect((await completePendingSignIn({ token, host: HOST, method: "totp", code: "000000", ip: `198.51.100.${i + 1}` })).status).toBe("wrong_code");
    at(T0 + STEP);
    const again = await createPendingSignIn({ userId: user.id, next: "/workspaces", host: HOST });
    expect((await completePendingSignIn({ token: again, host: HOST, method: "totp", code: totpCodeAt(secret, T0 + STEP), ip: "198.51.100.200" })).status).toBe("throttled");
  });
});

describe("turning it off", () => {
  it("needs the password and a current code (or a recovery code), then removes everything and emails", async () => {
    const { user, secret, recoveryCodes } = await enrolled();
    at(T0 + STEP);
    const code = totpCodeAt(secret, T0 + STEP);
    const addr = "192.0.2.44";
    const refused = async (options: Parameters<typeof disableTotp>[0]) => {
      const error = await disableTotp(options).then(() => null, (e: unknown) => e);
      expect(isAppError(error) ? error.code : error).toBe("BAD_REQUEST");
    };
    await refused({ userId: user.id, password: "wrong password", method: "totp", code, ip: addr });
    await refused({ userId: user.id, password: "a long test password", method: "totp", code: "000000", ip: addr });
    await refused({ userId: user.id, password: "a long test password", method: "recovery", code: "22222-22222", ip: addr });
    expect(await userHasSecondFactor(user.id)).toBe(true);
    await disableTotp({ userId: user.id, password: "a long test password", method: "recovery", code: recoveryCodes[0]!, ip: addr });
    expect(await userHasSecondFactor(user.id)).toBe(false);
    expect(await getDb().select().from(userRecoveryCodes).where(eq(userRecoveryCodes.userId, user.id))).toHaveLength(0);
    expect(await getDb().select().from(userTotp).where(eq(userTotp.userId, user.id))).toHaveLength(0);
    expect(await subjectsFor(user.email)).toContain("Two-factor authentication was turned off");
  });
});

describe("other sign-ins", () => {
  const open = async (userId: string) => (await getDb().select({ id: authSessions.id }).from(authSessions).where(and(eq(authSessions.userId, userId), isNull(authSessions.revokedAt)))).map((r) => r.id).sort();

  it("end when two-factor is turned on, and again when it is turned off; the sign-in that did it stays", async () => {
    const user = await makeUser();
    const here = await createSessionRecord({ userId: user.id, host: "localhost", ip: null, userAgent: null });
    const intruder = await createSessionRecord({ userId: user.id, host: "localhost", ip: null, userAgent: null });
    at(T0);
    const { secret } = await startTotpEnrolment({ userId: user.id, password: "a long test password", ip: "192.0.2.1" });
    const recoveryCodes = await confirmTotpEnrolment({ userId: user.id, code: totpCodeAt(secret, T0), sessionId: here.id });
    expect(recoveryCodes).toHaveLength(10);
    expect(await open(user.id)).toEqual([here.id]);
    expect(await open(user.id)).not.toContain(intruder.id);

    const later = await createSessionRecord({ userId: user.id, host: "localhost", ip: null, userAgent: null });
    await disableTotp({ userId: user.id, password: "a long test password", method: "recovery", code: recoveryCodes[0]!, ip: "192.0.2.45", sessionId: here.id });
    expect(await open(user.id)).toEqual([here.id]);
    expect(await open(user.id)).not.toContain(later.id);
  });

  it("a sign-in without its own record ends nothing (and is not signed out: the recovery codes must show)", async () => {
    const user = await makeUser();
    const other = await createSessionRecord({ userId: user.id, host: "localhost", ip: null, userAgent: null });
    at(T0);
    const { secret } = await startTotpEnrolment({ userId: user.id, password: "a long test password", ip: "192.0.2.1" });
    expect(await confirmTotpEnrolment({ userId: user.id, code: totpCodeAt(secret, T0), sessionId: null })).toHaveLength(10);
    expect(await open(user.id)).toEqual([other.id]);
  });
});
