import { verifyRegistrationResponse } from "@simplewebauthn/server";
import { eq, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { passkeys, users, type Passkey } from "../db/schema";
import { enqueueEmails } from "../email/enqueue-email";
import { emailDateTime, emailTranslator } from "../email/email-text";
import { AppError } from "../errors";
import { endOtherSessionsAfterSignInChange } from "../sessions/revoke-sessions";
import { redeemChallenge } from "./challenges";
import { MAX_PASSKEYS_PER_USER, ZPasskeyName, ZRegistrationResponse } from "./schemas";
import { expectedOrigin, relyingPartyId } from "./relying-party";
import { webauthnRefusal } from "./webauthn-errors";

/** `sessionId`: the sign-in adding it, which stays; every other one ends. */
export type FinishPasskeyRegistrationOptions = { userId: string; name: unknown; response: unknown; sessionId?: string | null };

/** Verifies the authenticator's answer to a registration challenge and stores the new passkey. */
export async function finishPasskeyRegistration({ userId, name, response, sessionId }: FinishPasskeyRegistrationOptions): Promise<Passkey> {
  const parsedName = ZPasskeyName.safeParse(name);
  if (!parsedName.success) {
    const message = parsedName.error.issues[0]?.message ?? "Enter a name.";
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { name: [message] } });
  }
  const parsed = ZRegistrationResponse.safeParse(response);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "The passkey response is malformed.");

  const challenge = await redeemChallenge("registration", parsed.data.response.clientDataJSON, userId);
  let info;
  try {
    const result = await verifyRegistrationResponse({
      response: parsed.data,
      expectedChallenge: challenge,
      expectedOrigin: expectedOrigin(),
      expectedRPID: relyingPartyId(),
      requireUserVerification: true,
    });
    if (!result.verified) throw new Error("not verified");
    info = result.registrationInfo;
  } catch (error) {
    throw webauthnRefusal(error);
  }

  const passkey = await getDb().transaction(async (tx) => {
    // Locks the account row: two concurrent registrations cannot both pass the limit.
    const [user] = await tx.select({ email: users.email, locale: users.locale }).from(users).where(eq(users.id, userId)).for("update");
    if (!user) throw new AppError("UNAUTHORIZED", "Please sign in again.");
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(passkeys).where(eq(passkeys.userId, userId));
    if ((count?.n ?? 0) >= MAX_PASSKEYS_PER_USER) throw new AppError("BAD_REQUEST", `You can have at most ${MAX_PASSKEYS_PER_USER} passkeys. Remove one first.`);
    const [created] = await tx
      .insert(passkeys)
      .values({
        userId,
        credentialId: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey).toString("base64url"),
        counter: info.credential.counter,
        transports: (info.credential.transports ?? []).filter((t) => /^[a-z-]{1,32}$/.test(t)).slice(0, 10),
        name: parsedName.data,
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
      })
      .onConflictDoNothing({ target: passkeys.credentialId })
      .returning();
    if (!created) throw new AppError("CONFLICT", "This passkey is already registered.");
    const t = emailTranslator(user.locale);
    await enqueueEmails(tx, [
      {
        to: user.email,
        subject: t("passkey.addedSubject"),
        text: t("passkey.addedText", { name: created.name, when: emailDateTime(created.createdAt, user.locale) }),
        dedupeKey: `passkey-added:${created.id}`,
      },
    ]);
    return created;
  });
  await endOtherSessionsAfterSignInChange(userId, sessionId);
  return passkey;
}
