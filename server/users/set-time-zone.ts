import { eq } from "drizzle-orm";
import { z } from "zod";
import { storableText } from "../../lib/text";
import { canonicalTimeZone, DEFAULT_TIME_ZONE, isTimeZone, storedTimeZone } from "../../lib/time-zone";
import { getDb } from "../db/client";
import { users } from "../db/schema";

/** A time zone as the account form sends it: a zone this runtime knows, stored under its canonical name. */
export const ZTimeZone = z
  .string()
  .trim()
  .superRefine(storableText)
  .refine(isTimeZone, "Choose a time zone from the list (for example Europe/Berlin).")
  .transform(canonicalTimeZone);

/** Saves the person's time zone (already checked by ZTimeZone); UTC is stored as unset. */
export async function setTimeZone({ userId, timeZone }: { userId: string; timeZone: string }): Promise<{ timeZone: string }> {
  await getDb()
    .update(users)
    .set({ timeZone: storedTimeZone(timeZone), updatedAt: new Date() })
    .where(eq(users.id, userId));
  return { timeZone };
}

/** The person's time zone, UTC when unset. */
export async function getTimeZone(userId: string): Promise<string> {
  const [row] = await getDb().select({ timeZone: users.timeZone }).from(users).where(eq(users.id, userId));
  return row?.timeZone ?? DEFAULT_TIME_ZONE;
}
