import { generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { passkeys } from "../db/schema";
import { AppError } from "../errors";
import { challengeBytes, issueChallenge } from "./challenges";
import { CEREMONY_TIMEOUT_MS, relyingPartyId } from "./relying-party";

export type BeginPasskeyAuthenticationOptions = { kind: "sign_in" } | { kind: "second_factor"; userId: string };

export type PasskeyAuthenticationStart = { options: PublicKeyCredentialRequestOptionsJSON; challenge: string };

/**
 * Options for navigator.credentials.get. Signing in asks for any discoverable passkey of this
 * site with user verification (no email typed; the passkey names its account). As a second
 * factor, only that person's passkeys are allowed, and presence is enough: the password was
 * the other factor.
 */
export async function beginPasskeyAuthentication(options: BeginPasskeyAuthenticationOptions): Promise<PasskeyAuthenticationStart> {
  if (options.kind === "sign_in") {
    const challenge = await issueChallenge("sign_in", null);
    return {
      challenge,
      options: await generateAuthenticationOptions({ rpID: relyingPartyId(), challenge: challengeBytes(challenge), timeout: CEREMONY_TIMEOUT_MS, userVerification: "required" }),
    };
  }
  const own = await getDb().select({ credentialId: passkeys.credentialId, transports: passkeys.transports }).from(passkeys).where(eq(passkeys.userId, options.userId));
  if (!own.length) throw new AppError("BAD_REQUEST", "You have no passkey. Use another way to confirm it is you.");
  const challenge = await issueChallenge("second_factor", options.userId);
  return {
    challenge,
    options: await generateAuthenticationOptions({
      rpID: relyingPartyId(),
      challenge: challengeBytes(challenge),
      timeout: CEREMONY_TIMEOUT_MS,
      userVerification: "preferred",
      allowCredentials: own.map((p) => ({ id: p.credentialId, transports: p.transports })),
    }),
  };
}
