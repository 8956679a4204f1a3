import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from "@simplewebauthn/server";
import { and, eq, or, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { passkeys } from "../db/schema";
import { AppError } from "../errors";
import { redeemChallenge } from "./challenges";
import { ZAuthenticationResponse } from "./schemas";
import { expectedOrigin, relyingPartyId } from "./relying-party";
import { webauthnRefusal } from "./webauthn-errors";

const UNKNOWN_PASSKEY = "This passkey is not registered with Atrium. It may have been removed: sign in with your password, or use another passkey.";

type AssertionCheck = { kind: "sign_in"; challenge: string } | { kind: "second_factor"; userId: string };

/**
 * Verifies an assertion and records the use: the challenge is redeemed first (so every attempt
 * uses it up), then the signature, origin, RP id, user verification and counter are checked. The
 * counter is stored with a conditional update, so of two concurrent uses of one signature count
 * (a cloned authenticator) only one can pass. Returns the passkey's owner.
 */
async function verifyAssertion(check: AssertionCheck, response: unknown): Promise<{ userId: string; passkeyId: string }> {
  const parsed = ZAuthenticationResponse.safeParse(response);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "The passkey response is malformed.");
  const assertion = parsed.data as AuthenticationResponseJSON;
  const challenge = await redeemChallenge(check.kind, assertion.response.clientDataJSON, check.kind === "second_factor" ? check.userId : null);
  // Sign-in: the challenge must be the one this browser was given (its httpOnly cookie).
  if (check.kind === "sign_in" && challenge !== check.challenge) throw new AppError("BAD_REQUEST", "This passkey request has expired or was already used. Please try again.");

  const [passkey] = await getDb().select().from(passkeys).where(eq(passkeys.credentialId, assertion.id)).limit(1);
  if (!passkey) throw new AppError("BAD_REQUEST", UNKNOWN_PASSKEY, { reason: "unknown_credential" });
  if (check.kind === "second_factor" && passkey.userId !== check.userId) {
    throw new AppError("BAD_REQUEST", "That passkey belongs to another account.", { reason: "foreign_credential" });
  }
  // A discoverable passkey names its account; it must be the one the credential was made for.
  const handle = assertion.response.userHandle;
  if (handle && Buffer.from(handle, "base64url").toString("hex") !== passkey.userId.replaceAll("-", "")) {
    throw new AppError("BAD_REQUEST", UNKNOWN_PASSKEY, { reason: "user_handle_mismatch" });
  }

  let newCounter: number;
  try {
    const result = await verifyAuthenticationResponse({
      response: assertion,
      expectedChallenge: challenge,
      expectedOrigin: expectedOrigin(),
      expectedRPID: relyingPartyId(),
      credential: { id: passkey.credentialId, publicKey: new Uint8Array(Buffer.from(passkey.publicKey, "base64url")), counter: passkey.counter, transports: passkey.transports },
      requireUserVerification: check.kind === "sign_in",
    });
    if (!result.verified) throw new Error("not verified");
    newCounter = result.authenticationInfo.newCounter;
  } catch (error) {
    throw webauthnRefusal(error);
  }

  const [used] = await getDb()
    .update(passkeys)
    .set({ counter: newCounter, lastUsedAt: sql`now()` })
    .where(and(eq(passkeys.id, passkey.id), or(sql`${passkeys.counter} < ${newCounter}`, and(eq(passkeys.counter, 0), sql`${newCounter} = 0`))))
    .returning({ id: passkeys.id });
  if (!used) throw webauthnRefusal(new Error("counter went backwards"));
  return { userId: passkey.userId, passkeyId: passkey.id };
}

/** Signs in with a passkey alone (user verified: it counts as both factors). Returns the user id. */
export async function verifyPasskeySignIn(options: { response: unknown; browserChallenge: string }): Promise<string> {
  if (!options.browserChallenge) throw new AppError("BAD_REQUEST", "This passkey request has expired or was already used. Please try again.");
  return (await verifyAssertion({ kind: "sign_in", challenge: options.browserChallenge }, options.response)).userId;
}

/** The second factor of a pending sign-in: an assertion by one of this user's own passkeys. */
export async function verifyPasskeyForPendingSignIn(userId: string, response: unknown): Promise<void> {
  await verifyAssertion({ kind: "second_factor", userId }, response);
}
