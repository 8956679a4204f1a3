import { z } from "zod";
import { consumeOneTimeToken, issueOneTimeToken } from "../auth/one-time-tokens";
import { AppError } from "../errors";
import { CHALLENGE_TTL_SECONDS } from "./relying-party";

// A WebAuthn challenge is a one-time token (auth_tokens, purpose webauthn_challenge): 32 random
// bytes whose base64url form is both the token and the challenge the authenticator signs, so the
// database keeps only its hash. Redeeming it is the atomic consume, so a response can be
// verified once: a replayed or second concurrent response finds the challenge used.

export type CeremonyKind = "registration" | "sign_in" | "second_factor";

/** Issues a challenge for one ceremony; `userId` binds it to that person (null: sign-in, bound by cookie). */
export async function issueChallenge(kind: CeremonyKind, userId: string | null): Promise<string> {
  return issueOneTimeToken({ purpose: "webauthn_challenge", userId, ttlSeconds: CHALLENGE_TTL_SECONDS, data: { kind } });
}

export function challengeBytes(challenge: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(challenge, "base64url"));
}

const ZClientData = z.object({ challenge: z.string().max(512), type: z.string().max(64), origin: z.string().max(2048) });

/** The challenge a response signed, read from its clientDataJSON; null when that is not readable. */
export function signedChallenge(clientDataJSON: string): string | null {
  try {
    const parsed = ZClientData.safeParse(JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8")));
    return parsed.success ? parsed.data.challenge : null;
  } catch {
    return null;
  }
}

export const EXPIRED_MESSAGE = "This passkey request has expired or was already used. Please try again.";

/**
 * Uses up the challenge a response signed. Throws unless it was issued for this kind of ceremony
 * (and, when `userId` is given, for that person), is unused and unexpired.
 */
export async function redeemChallenge(kind: CeremonyKind, clientDataJSON: string, userId: string | null): Promise<string> {
  const challenge = signedChallenge(clientDataJSON);
  if (!challenge) throw new AppError("BAD_REQUEST", "The passkey response is malformed.");
  const row = await consumeOneTimeToken("webauthn_challenge", challenge);
  if (!row || row.data.kind !== kind || row.userId !== userId) throw new AppError("BAD_REQUEST", EXPIRED_MESSAGE, { reason: "challenge_expired" });
  return challenge;
}
