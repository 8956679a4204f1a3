import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { getDb, type Transaction } from "../db/client";
import { authTokens, type AuthToken } from "../db/schema";

// Single-use tokens for account recovery and sign-in steps (schema/auth.ts, `auth_tokens`).
// 32 random bytes, base64url (43 characters); the database keeps only their SHA-256 hash, so a
// leaked table (or backup) redeems nothing. Redeeming is one UPDATE … WHERE used_at IS NULL, so
// two tabs or a double click can never both succeed.

export type TokenPurpose =
  | "password_reset"
  | "email_verify"
  | "email_change"
  | "magic_link"
  | "second_factor"
  | "sso_state"
  | "webauthn_challenge"
  | "sso_handoff";

type Db = ReturnType<typeof getDb> | Transaction;

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function hashOneTimeToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type IssueTokenOptions = {
  purpose: TokenPurpose;
  userId: string | null;
  ttlSeconds: number;
  email?: string | null;
  data?: Record<string, unknown>;
};

/** Stores a new token's hash and returns the token itself (to be sent, never stored). */
export async function issueOneTimeToken(options: IssueTokenOptions, db: Db = getDb()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  // Expired tokens are pruned here as well as by the sweep, so the table stays small.
  await db.delete(authTokens).where(lt(authTokens.expiresAt, sql`now() - interval '1 day'`));
  await db.insert(authTokens).values({
    tokenHash: hashOneTimeToken(token),
    purpose: options.purpose,
    userId: options.userId,
    email: options.email ?? null,
    data: options.data ?? {},
    expiresAt: sql`now() + make_interval(secs => ${options.ttlSeconds})` as unknown as Date,
  });
  return token;
}

function live(purpose: TokenPurpose, token: string) {
  return and(eq(authTokens.tokenHash, hashOneTimeToken(token)), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt), gt(authTokens.expiresAt, sql`now()`));
}

/** The token's row if it is of this purpose, unused and unexpired; it stays redeemable. */
export async function peekOneTimeToken(purpose: TokenPurpose, token: string, db: Db = getDb()): Promise<AuthToken | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const [row] = await db.select().from(authTokens).where(live(purpose, token)).limit(1);
  return row ?? null;
}

/** Marks the token used and returns its row; null when unknown, of another purpose, used or expired. */
export async function consumeOneTimeToken(purpose: TokenPurpose, token: string, db: Db = getDb()): Promise<AuthToken | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const [row] = await db.update(authTokens).set({ usedAt: sql`now()` }).where(live(purpose, token)).returning();
  return row ?? null;
}

/** Ends every unused token of these purposes for the user (a newer link, a changed password). */
export async function revokeOneTimeTokens(userId: string, purposes: TokenPurpose[], db: Db = getDb()): Promise<void> {
  for (const purpose of purposes) {
    await db
      .update(authTokens)
      .set({ usedAt: sql`now()` })
      .where(and(eq(authTokens.userId, userId), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt)));
  }
}
