import { storedTimeZone } from "../../lib/time-zone";
import { getDb } from "../db/client";
import { users, type User } from "../db/schema";
import { AppError } from "../errors";
import { hashPassword } from "./password";
import type { Locale } from "../../lib/i18n/locales";

export type CreateUserOptions = {
  email: string;
  name: string;
  password: string;
  /** Seeds, tests and invitations vouch for the address; self-service sign-up does not. */
  emailVerified?: boolean;
  /** The browser's zone at sign-up (already checked with isTimeZone); null: UTC. */
  timeZone?: string | null;
  locale?: Locale | null;
};

/** Inputs are already validated (users/schemas.ts). Email is stored lower-cased. */
export async function createUser({ email, name, password, emailVerified = false, timeZone = null, locale = null }: CreateUserOptions): Promise<User> {
  const passwordHash = await hashPassword(password);
  const rows = await getDb()
    .insert(users)
    .values({ email: email.toLowerCase(), name, passwordHash, emailVerifiedAt: emailVerified ? new Date() : null, timeZone: storedTimeZone(timeZone), locale })
    .onConflictDoNothing()
    .returning();
  const user = rows[0];
  if (!user) {
    throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.", {
      fieldErrors: { email: ["An account with this email already exists. Sign in instead."] },
    });
  }
  return user;
}
