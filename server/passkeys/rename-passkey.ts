import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "../db/client";
import { passkeys } from "../db/schema";
import { AppError } from "../errors";
import { ZPasskeyName } from "./schemas";

export type RenamePasskeyOptions = { userId: string; passkeyId: unknown; name: unknown };

export async function renamePasskey({ userId, passkeyId, name }: RenamePasskeyOptions): Promise<void> {
  const id = z.uuid().safeParse(passkeyId);
  if (!id.success) throw new AppError("NOT_FOUND", "That passkey no longer exists.");
  const parsedName = ZPasskeyName.safeParse(name);
  if (!parsedName.success) {
    const message = parsedName.error.issues[0]?.message ?? "Enter a name.";
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { name: [message] } });
  }
  // Scoped to the owner: another person's passkey id is simply not found.
  const [updated] = await getDb()
    .update(passkeys)
    .set({ name: parsedName.data })
    .where(and(eq(passkeys.id, id.data), eq(passkeys.userId, userId)))
    .returning({ id: passkeys.id });
  if (!updated) throw new AppError("NOT_FOUND", "That passkey no longer exists.");
}
