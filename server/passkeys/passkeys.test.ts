import { and, eq, isNull, like, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeUser } from "../../test/factories";
import { SoftAuthenticator } from "../../test/soft-authenticator";
import { getDb } from "../db/client";
import { authSessions, authTokens, emailOutbox, passkeys } from "../db/schema";
import { createSessionRecord } from "../sessions/create-session-record";
import { AppError } from "../errors";
import { beginPasskeyAuthentication } from "./begin-passkey-authentication";
import { beginPasskeyRegistration } from "./begin-passkey-registration";
import { finishPasskeyRegistration } from "./finish-passkey-registration";
import { hasPasskey } from "./has-passkey";
import { listPasskeys } from "./list-passkeys";
import { expectedOrigin, relyingPartyId } from "./relying-party";
import { removePasskey } from "./remove-passkey";
import { renamePasskey } from "./rename-passkey";
import { verifyPasskeyForPendingSignIn, verifyPasskeySignIn } from "./verify-passkey-assertion";

const PASSWORD = "a long test password";
const IP = "203.0.113.77";

function authenticator() {
  return new SoftAuthenticator({ origin: expectedOrigin(), rpId: relyingPartyId() });
}

/** A user with one registered passkey on a fresh software authenticator. */
async function userWithPasskey(name = "Laptop") {
  const user = await makeUser();
  const device = authenticator();
  const options = await beginPasskeyRegistration({ userId: user.id, password: PASSWORD, ip: IP });
  const { response } = device.create(options);
  const passkey = await finishPasskeyRegistration({ userId: user.id, name, response });
  return { user, device, passkey };
}

/** The AppError a promise rejects with (fails the test when it resolves or throws anything else). */
async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.status).toBeGreaterThanOrEqual(400);
  expect(appError.status).toBeLessThan(500);
  return appError;
}

describe("passkey registration and sign-in", () => {
  it("round trip: register with the password, sign in without one, emails sent", async () => {
    const { user, device, passkey } = await userWithPasskey();
    expect(passkey).toMatchObject({ userId: user.id, name: "Laptop", counter: 0, transports: ["internal"] });
    expect(relyingPartyId()).toBe("localhost");
    expect(await hasPasskey(user.id)).toBe(true);
    expect((await listPasskeys(user.id)).map((p) => p.name)).toEqual(["Laptop"]);

    const start = await beginPasskeyAuthentication({ kind: "sign_in" });
    expect(start.options.userVerification).toBe("required");
    expect(start.options.allowCredentials ?? []).toEqual([]);
    expect(start.options.rpId).toBe("localhost");
    const userId = await verifyPasskeySignIn({ response: device.get(start.options), browserChallenge: start.challenge });
    expect(userId).toBe(user.id);
    const [row] = await getDb().select().from(passkeys).where(eq(passkeys.id, passkey.id));
    expect(row?.counter).toBe(1);
    expect(row?.lastUsedAt).not.toBeNull();

    const mail = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, user.email));
    expect(mail.map((m) => m.subject)).toEqual(["A passkey was added to your Atrium account"]);
    expect(mail[0]?.dedupeKey).toBe(`passkey-added:${passkey.id}`);
  });

  it("registering asks for the password again, and the challenge belongs to that user", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const wrong = await refusal(beginPasskeyRegistration({ userId: user.id, password: "not the password", ip: IP }));
    expect(wrong.fieldErrors?.password).toEqual(["That password is not correct."]);
    expect((await refusal(beginPasskeyRegistration({ userId: user.id, password: "", ip: IP }))).fieldErrors?.password).toEqual(["Enter your password."]);

    const options = await beginPasskeyRegistration({ userId: user.id, password: PASSWORD, ip: IP });
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    const { response } = authenticator().create(options);
    // Another account cannot finish with this person's challenge.
    expect((await refusal(finishPasskeyRegistration({ userId: other.id, name: "Mine", response }))).reason).toBe("challenge_expired");
    expect(await hasPasskey(other.id)).toBe(false);
  });

  it("lists several passkeys, renames and removes them (password again), scoped to their owner", async () => {
    const { user, device } = await userWithPasskey("Laptop");
    const second = device.create(await beginPasskeyRegistration({ userId: user.id, password: PASSWORD, ip: IP }));
    const phone = await finishPasskeyRegistration({ userId: user.id, name: "  Phone  ", response: second.response });
    expect(phone.name).toBe("Phone");
    const intruder = await makeUser();

    await renamePasskey({ userId: user.id, passkeyId: phone.id, name: "Work phone" });
    expect((await listPasskeys(user.id)).map((p) => p.name)).toEqual(["Laptop", "Work phone"]);
    expect((await refusal(renamePasskey({ userId: intruder.id, passkeyId: phone.id, name: "Mine" }))).code).toBe("NOT_FOUND");
    expect((await refusal(renamePasskey({ userId: user.id, passkeyId: phone.id, name: "a\u0000b" }))).fieldErrors?.name?.[0]).toMatch(/NUL/);
    expect((await refusal(renamePasskey({ userId: user.id, passkeyId: phone.id, name: "x".repeat(100_000) }))).fieldErrors?.name?.[0]).toMatch(/at most 60/);
    expect((await refusal(renamePasskey({ userId: user.id, passkeyId: phone.id, name: "   " }))).fieldErrors?.name).toBeDefined();
    expect((await refusal(renamePasskey({ userId: user.id, passkeyId: "not-a-uuid", name: "x" }))).code).toBe("NOT_FOUND");

    expect((await refusal(removePasskey({ userId: intruder.id, passkeyId: phone.id, password: PASSWORD, ip: IP }))).code).toBe("NOT_FOUND");
    expect((await refusal(removePasskey({ userId: user.id, passkeyId: phone.id, password: "wrong password!", ip: IP }))).fieldErrors?.password).toEqual(["That password is not correct."]);
    await removePasskey({ userId: user.id, passkeyId: phone.id, password: PASSWORD, ip: IP });
    expect((await refusal(removePasskey({ userId: user.id, passkeyId: phone.id, password: PASSWORD, ip: IP }))).code).toBe("NOT_FOUND");
    expect((await listPasskeys(user.id)).map((p) => p.name)).toEqual(["Laptop"]);
    const removedMail = await getDb().select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, `passkey-removed:${phone.id}`));
    expect(removedMail).toHaveLength(1);
    expect(removedMail[0]?.bodyText).toContain("Work phone");

    // The removed passkey no longer signs anyone in.
    const start = await beginPasskeyAuthentication({ kind: "sign_in" });
    const gone = await refusal(verifyPasskeySignIn({ response: device.get(start.options, second.credential), browserChallenge: start.challenge }));
    expect(gone.reason).toBe("unknown_credential");
  });

  it("adding or removing one ends the account's other sign-ins; the one that did it stays", async () => {
    const user = await makeUser();
    const open = async () => (await getDb().select({ id: authSessions.id }).from(authSessions).where(and(eq(authSessions.userId, user.id), isNull(authSessions.revokedAt)))).map((r) => r.id);
    const here = await createSessionRecord({ userId: user.id, host: "localhost", ip: null, userAgent: null });
    await createSessionRecord({ userId: user.id, host: "localhost", ip: null, userAgent: null });
    const device = authenticator();
    const { response } = device.create(await beginPasskeyRegistration({ userId: user.id, password: PASSWORD, ip: IP }));
    const added = await finishPasskeyRegistration({ userId: user.id, name: "Laptop", response, sessionId: here.id });
    expect(await open()).toEqual([here.id]);
    await createSessionRecord({ userId: user.id, host: "localhost", ip: null, userAgent: null });
    await removePasskey({ userId: user.id, passkeyId: added.id, password: PASSWORD, ip: IP, sessionId: here.id });
    expect(await open()).toEqual([here.id]);
  });

  it("an authenticator cannot register the same credential twice", async () => {
    const { user, device } = await userWithPasskey();
    const options = await beginPasskeyRegistration({ userId: user.id, password: PASSWORD, ip: IP });
    expect(options.excludeCredentials?.map((c) => c.id)).toEqual([device.credentials[0]?.id.toString("base64url")]);
  });
});

describe("challenges", () => {
  it("are single use: a replayed response and concurrent duplicates are refused", async () => {
    const { user, device } = await userWithPasskey();
    const start = await beginPasskeyAuthentication({ kind: "sign_in" });
    const response = device.get(start.options);
    expect(await verifyPasskeySignIn({ response, browserChallenge: start.challenge })).toBe(user.id);
    expect((await refusal(verifyPasskeySignIn({ response, browserChallenge: start.challenge }))).reason).toBe("challenge_expired");

    const again = await beginPasskeyAuthentication({ kind: "sign_in" });
    const twice = device.get(again.options);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => verifyPasskeySignIn({ response: twice, browserChallenge: again.challenge })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("expire", async () => {
    const { device } = await userWithPasskey();
    const start = await beginPasskeyAuthentication({ kind: "sign_in" });
    await getDb().execute(sql`update auth_tokens set expires_at = now() - interval '1 second' where purpose = 'webauthn_challenge' and used_at is null`);
    expect((await refusal(verifyPasskeySignIn({ response: device.get(start.options), browserChallenge: start.challenge }))).reason).toBe("challenge_expired");
  });

  it("of sign-in are bound to the browser that asked (its cookie), and a registration challenge cannot sign in", async () => {
    const { user, device } = await userWithPasskey();
    const mine = await beginPasskeyAuthentication({ kind: "sign_in" });
    const theirs = await beginPasskeyAuthentication({ kind: "sign_in" });
    await refusal(verifyPasskeySignIn({ response: device.get(mine.options), browserChallenge: theirs.challenge }));
    await refusal(verifyPasskeySignIn({ response: device.get(theirs.options), browserChallenge: "" }));

    const registration = await beginPasskeyRegistration({ userId: user.id, password: PASSWORD, ip: IP });
    await refusal(verifyPasskeySignIn({ response: device.get(registration), browserChallenge: registration.challenge }));
    // Only hashes are stored.
    const stored = await getDb().select({ hash: authTokens.tokenHash }).from(authTokens).where(eq(authTokens.purpose, "webauthn_challenge"));
    expect(stored.map((s) => s.hash)).not.toContain(mine.challenge);
  });
});

describe("refusals", () => {
  it("a cloned authenticator (counter regression) is refused", async () => {
    const { device, passkey } = await userWithPasskey();
    const first = await beginPasskeyAuthentication({ kind: "sign_in" });
    await verifyPasskeySignIn({ response: device.get(first.options, undefined, { counter: 5 }), browserChallenge: first.challenge });
    for (const counter of [3, 5]) {
      const next = await beginPasskeyAuthentication({ kind: "sign_in" });
      const refused = await refusal(verifyPasskeySignIn({ response: device.get(next.options, undefined, { counter }), browserChallenge: next.challenge }));
      expect(refused.reason).toBe("counter_regression");
    }
    const [row] = await getDb().select().from(passkeys).where(eq(passkeys.id, passkey.id));
    expect(row?.counter).toBe(5);
  });

  it("a response made for another origin or another RP id is refused (registration and sign-in)", async () => {
    const user = await makeUser();
    const device = authenticator();
    const badOrigin = device.create(await beginPasskeyRegistration({ userId: user.id, password: PASSWORD, ip: IP }), { origin: "http://evil.localhost:3000" });
    expect((await refusal(finishPasskeyRegistration({ userId: user.id, name: "x", response: badOrigin.response }))).reason).toBe("wrong_origin");
    const badRp = device.create(await beginPasskeyRegistration({ userId: user.id, password: PASSWORD, ip: IP }), { rpId: "evil.test" });
    expect((await refusal(finishPasskeyRegistration({ userId: user.id, name: "x", response: badRp.response }))).reason).toBe("wrong_rp_id");
    expect(await hasPasskey(user.id)).toBe(false);

    const { device: real } = await userWithPasskey();
    const a = await beginPasskeyAuthentication({ kind: "sign_in" });
    expect((await refusal(verifyPasskeySignIn({ response: real.get(a.options, undefined, { origin: "http://acme.localhost:3000" }), browserChallenge: a.challenge }))).reason).toBe("wrong_origin");
    const b = await beginPasskeyAuthentication({ kind: "sign_in" });
    expect((await refusal(verifyPasskeySignIn({ response: real.get(b.options, undefined, { rpId: "evil.test" }), browserChallenge: b.challenge }))).reason).toBe("wrong_rp_id");
  });

  it("signing in requires user verification; registration too", async () => {
    const { device } = await userWithPasskey();
    const start = await beginPasskeyAuthentication({ kind: "sign_in" });
    expect((await refusal(verifyPasskeySignIn({ response: device.get(start.options, undefined, { userVerified: false }), browserChallenge: start.challenge }))).reason).toBe("user_not_verified");

    const user = await makeUser();
    const unverified = authenticator().create(await beginPasskeyRegistration({ userId: user.id, password: PASSWORD, ip: IP }), { userVerified: false });
    expect((await refusal(finishPasskeyRegistration({ userId: user.id, name: "x", response: unverified.response }))).reason).toBe("user_not_verified");
  });

  it("a signature by another key (same credential id) and a wrong user handle are refused", async () => {
    const { device } = await userWithPasskey();
    const [original] = device.credentials;
    const impostor = authenticator();
    const { credential: forged } = impostor.create({ challenge: "x", user: { id: original?.userHandle ?? "" } });
    forged.id = original?.id ?? forged.id;
    const start = await beginPasskeyAuthentication({ kind: "sign_in" });
    expect((await refusal(verifyPasskeySignIn({ response: impostor.get(start.options), browserChallenge: start.challenge }))).reason).toBe("invalid_response");

    const other = await makeUser();
    const next = await beginPasskeyAuthentication({ kind: "sign_in" });
    const handle = Buffer.from(other.id.replaceAll("-", ""), "hex").toString("base64url");
    await refusal(verifyPasskeySignIn({ response: device.get(next.options, undefined, { userHandle: handle }), browserChallenge: next.challenge }));
  });

  it("malformed input is refused with a 4xx, never a crash", async () => {
    const { user, device } = await userWithPasskey();
    const start = await beginPasskeyAuthentication({ kind: "sign_in" });
    const good = device.get(start.options);
    const bad: unknown[] = [
      null,
      "string",
      {},
      { ...good, type: "password" },
      { ...good, id: "not base64url!" },
      { ...good, response: { ...good.response, clientDataJSON: Buffer.from("not json").toString("base64url") } },
      { ...good, response: { ...good.response, clientDataJSON: Buffer.from('{"challenge":1}').toString("base64url") } },
      { ...good, response: { ...good.response, authenticatorData: "A" } },
      { ...good, response: { ...good.response, signature: "x".repeat(1_000_000) } },
      { ...good, response: { ...good.response, userHandle: "\u0000" } },
    ];
    for (const response of bad) await refusal(verifyPasskeySignIn({ response, browserChallenge: start.challenge }));
    // A truncated authenticatorData for a live challenge reaches the library, which refuses it.
    const fresh = await beginPasskeyAuthentication({ kind: "sign_in" });
    const truncated = device.get(fresh.options);
    truncated.response.authenticatorData = truncated.response.authenticatorData.slice(0, 20);
    await refusal(verifyPasskeySignIn({ response: truncated, browserChallenge: fresh.challenge }));

    const options = await beginPasskeyRegistration({ userId: user.id, password: PASSWORD, ip: IP });
    const created = authenticator().create(options);
    await refusal(finishPasskeyRegistration({ userId: user.id, name: "x", response: { ...created.response, response: { ...created.response.response, attestationObject: "AAAA" } } }));
    await refusal(finishPasskeyRegistration({ userId: user.id, name: "x", response: [] }));
    const named = await refusal(finishPasskeyRegistration({ userId: user.id, name: "bad\u202Ename", response: created.response }));
    expect(named.fieldErrors?.name).toBeDefined();
  });
});

describe("passkey as a second factor", () => {
  it("accepts the user's own passkey and refuses another user's", async () => {
    const alice = await userWithPasskey();
    const bob = await userWithPasskey();
    const forAlice = await beginPasskeyAuthentication({ kind: "second_factor", userId: alice.user.id });
    expect(forAlice.options.allowCredentials?.map((c) => c.id)).toEqual([alice.passkey.credentialId]);
    // Bob's passkey answering Alice's challenge: refused.
    const refused = await refusal(verifyPasskeyForPendingSignIn(alice.user.id, bob.device.get(forAlice.options)));
    expect(refused.reason).toBe("foreign_credential");
    // Bob's passkey on Bob's own challenge, offered for Alice's pending sign-in: the challenge is Bob's.
    const forBob = await beginPasskeyAuthentication({ kind: "second_factor", userId: bob.user.id });
    expect((await refusal(verifyPasskeyForPendingSignIn(alice.user.id, bob.device.get(forBob.options)))).reason).toBe("challenge_expired");

    const again = await beginPasskeyAuthentication({ kind: "second_factor", userId: alice.user.id });
    await expect(verifyPasskeyForPendingSignIn(alice.user.id, alice.device.get(again.options))).resolves.toBeUndefined();
    // A second-factor challenge is not a sign-in challenge.
    const twoFactor = await beginPasskeyAuthentication({ kind: "second_factor", userId: alice.user.id });
    await refusal(verifyPasskeySignIn({ response: alice.device.get(twoFactor.options), browserChallenge: twoFactor.challenge }));
  });

  it("someone without a passkey gets no second-factor challenge", async () => {
    const user = await makeUser();
    expect(await hasPasskey(user.id)).toBe(false);
    await refusal(beginPasskeyAuthentication({ kind: "second_factor", userId: user.id }));
    const rows = await getDb().select().from(authTokens).where(and(eq(authTokens.userId, user.id), like(authTokens.purpose, "webauthn%")));
    expect(rows).toHaveLength(0);
  });
});
