import { generateRegistrationOptions, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { passkeys, users } from "../db/schema";
import { AppError } from "../errors";
import { confirmPassword } from "../users/confirm-password";
import { challengeBytes, issueChallenge } from "./challenges";
import { MAX_PASSKEYS_PER_USER } from "./schemas";
import { CEREMONY_TIMEOUT_MS, relyingPartyId, RP_NAME } from "./relying-party";

export type BeginPasskeyRegistrationOptions = { userId: string; password: string; ip: string | null };

/**
 * Options for navigator.credentials.create. A new passkey signs its owner in without a password,
 * so a stolen session alone must not be enough to add one: the password is asked again (with the
 * sign-in throttle) before a challenge is issued.
 */
export async function beginPasskeyRegistration({ userId, password, ip }: BeginPasskeyRegistrationOptions): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const [user] = await getDb().select({ id: users.id, email: users.email, name: users.name, verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, userId));
  if (!user) throw new AppError("UNAUTHORIZED", "Please sign in again.");
  // Not before the address is proven: see enrol-totp.ts (a squatter's passkey would outlive a reset).
  if (!user.verifiedAt) throw new AppError("FORBIDDEN", "Confirm your email address before adding a passkey.", { reason: "email_unverified" });
  await confirmPassword({ userId, password, ip });

  const existing = await getDb().select({ credentialId: passkeys.credentialId, transports: passkeys.transports }).from(passkeys).where(eq(passkeys.userId, userId));
  if (existing.length >= MAX_PASSKEYS_PER_USER) throw new AppError("BAD_REQUEST", `You can have at most ${MAX_PASSKEYS_PER_USER} passkeys. Remove one first.`);

  const challenge = await issueChallenge("registration", userId);
  return generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: relyingPartyId(),
    // The user handle is the account's random id (no email inside), the same for every passkey.
    userID: new Uint8Array(Buffer.from(userId.replaceAll("-", ""), "hex")),
    userName: user.email,
    userDisplayName: user.name,
    challenge: challengeBytes(challenge),
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: "none",
    // An authenticator that already holds one of this person's passkeys is not registered twice.
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
}
