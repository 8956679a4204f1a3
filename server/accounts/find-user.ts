import { eq, sql } from "drizzle-orm";
import { getDb, type Transaction } from "../db/client";
import { users, type User } from "../db/schema";
import { AppError } from "../errors";
import { ZEmail } from "../users/schemas";

/** A typed address, validated like sign-up's (length, NUL and broken characters refused). */
export function parseEmailInput(input: unknown): string {
  const parsed = ZEmail.safeParse(typeof input === "string" ? input : "");
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Enter a valid email address.";
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { email: [message] } });
  }
  return parsed.data;
}

export async function findUserByEmail(email: string, db: ReturnType<typeof getDb> | Transaction = getDb()): Promise<User | null> {
  const [user] = await db.select().from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase())).limit(1);
  return user ?? null;
}

/** The user row, locked for the rest of the transaction (account changes run one at a time). */
export async function lockUser(tx: Transaction, userId: string): Promise<User | null> {
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
  return user ?? null;
}
