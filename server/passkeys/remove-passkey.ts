import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "../db/client";
import { passkeys } from "../db/schema";
import { enqueueEmails } from "../email/enqueue-email";
import { emailDateTime, emailTranslator } from "../email/email-text";
import { AppError } from "../errors";
import { endOtherSessionsAfterSignInChange } from "../sessions/revoke-sessions";
import { confirmPassword } from "../users/confirm-password";

/** `sessionId`: the sign-in removing it, which stays; every other one ends. */
export type RemovePasskeyOptions = { userId: string; passkeyId: unknown; password: string; ip: string | null; sessionId?: string | null };

/**
 * Removes one of the person's passkeys after they enter their password again (a stolen session
 * alone cannot take away the owner's way in, nor a second factor). Emails them about it.
 */
export async function removePasskey({ userId, passkeyId, password, ip, sessionId }: RemovePasskeyOptions): Promise<void> {
  const id = z.uuid().safeParse(passkeyId);
  if (!id.success) throw new AppError("NOT_FOUND", "That passkey no longer exists.");
  const user = await confirmPassword({ userId, password, ip });

  await getDb().transaction(async (tx) => {
    const [removed] = await tx
      .delete(passkeys)
      .where(and(eq(passkeys.id, id.data), eq(passkeys.userId, userId)))
      .returning({ id: passkeys.id, name: passkeys.name });
    if (!removed) throw new AppError("NOT_FOUND", "That passkey no longer exists.");
    const t = emailTranslator(user.locale);
    await enqueueEmails(tx, [
      {
        to: user.email,
        subject: t("passkey.removedSubject"),
        text: t("passkey.removedText", { name: removed.name, when: emailDateTime(new Date(), user.locale) }),
        dedupeKey: `passkey-removed:${removed.id}`,
      },
    ]);
  });
  await endOtherSessionsAfterSignInChange(userId, sessionId);
}
