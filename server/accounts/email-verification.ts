import { and, eq, sql } from "drizzle-orm";
import { consumeOneTimeToken, hashOneTimeToken, issueOneTimeToken, peekOneTimeToken, revokeOneTimeTokens } from "../auth/one-time-tokens";
import { createCache } from "../cache/cache";
import { getDb, type Transaction } from "../db/client";
import { authTokens, users } from "../db/schema";
import { enqueueEmails } from "../email/enqueue-email";
import { AppError } from "../errors";
import { verifyEmailEmail } from "./account-emails";
import { lockUser } from "./find-user";
import { throttleAccountEmail } from "./throttles";

export const EMAIL_VERIFY_TTL_SECONDS = 24 * 3600;

export const UNVERIFIED_MESSAGE = "Confirm your email address first: open the link we sent you, or send a new one from the banner on this page.";

/** Issues a verification link for the user's current address and queues its email. */
export async function sendVerificationEmail(tx: Transaction, user: { id: string; email: string; locale: string | null }): Promise<void> {
  const token = await issueOneTimeToken({ purpose: "email_verify", userId: user.id, email: user.email, ttlSeconds: EMAIL_VERIFY_TTL_SECONDS }, tx);
  await enqueueEmails(tx, [verifyEmailEmail(user.email, user.id, token, user.locale)]);
}

export type ResendOutcome = "sent" | "already_verified";

/** "Resend" on the banner: a fresh link (older ones keep working until they expire), throttled per user and IP. */
export async function resendVerificationEmail({ userId, ip }: { userId: string; ip: string | null }): Promise<ResendOutcome> {
  await throttleAccountEmail("verify-resend", userId, ip);
  return getDb().transaction(async (tx) => {
    const user = await lockUser(tx, userId);
    if (!user) throw new AppError("NOT_FOUND", "Account not found.");
    if (user.emailVerifiedAt) return "already_verified";
    await sendVerificationEmail(tx, user);
    return "sent";
  });
}

export type VerifyEmailResult =
  | { state: "verified"; email: string; userId: string }
  | { state: "already_verified"; email: string }
  | { state: "sign_in"; email: string }
  | { state: "invalid" };

/**
 * Following a verification link, as `viewerId` (the signed-in person, or null). Only the account's
 * own session confirms its address: the link reaches the inbox, but whoever signed up with the
 * address knows the password, and may not be the inbox's owner (a squatter). Opened by anyone else
 * (a mail scanner, the inbox's owner signed out or as another account) it changes nothing and
 * says to sign in as that account; the link stays valid. A link that was already spent still says
 * "verified" when its address is the account's verified one; any other spent, expired or unknown
 * link says so and the page offers a new one.
 */
export async function verifyEmail(token: string, viewerId: string | null): Promise<VerifyEmailResult> {
  const pending = await peekOneTimeToken("email_verify", token);
  if (pending?.email && pending.userId !== viewerId) return { state: "sign_in", email: pending.email };
  const result = await getDb().transaction(async (tx): Promise<VerifyEmailResult> => {
    const link = await consumeOneTimeToken("email_verify", token, tx);
    if (!link?.userId || !link.email) return { state: "invalid" };
    const user = await lockUser(tx, link.userId);
    if (!user || user.email.toLowerCase() !== link.email.toLowerCase()) return { state: "invalid" };
    if (!user.emailVerifiedAt) await tx.update(users).set({ emailVerifiedAt: sql`now()`, updatedAt: new Date() }).where(eq(users.id, user.id));
    await revokeOneTimeTokens(user.id, ["email_verify"], tx);
    return { state: "verified", email: user.email, userId: user.id };
  });
  if (result.state === "verified") verification.delete(result.userId);
  if (result.state !== "invalid" || !/^[A-Za-z0-9_-]{43}$/.test(token)) return result;
  const [spent] = await getDb()
    .select({ email: users.email, verifiedAt: users.emailVerifiedAt, linkEmail: authTokens.email })
    .from(authTokens)
    .innerJoin(users, eq(users.id, authTokens.userId))
    .where(and(eq(authTokens.tokenHash, hashOneTimeToken(token)), eq(authTokens.purpose, "email_verify")))
    .limit(1);
  if (spent?.verifiedAt && spent.linkEmail?.toLowerCase() === spent.email.toLowerCase()) return { state: "already_verified", email: spent.email };
  return { state: "invalid" };
}

/** Marks the address verified when `email` is still the account's (an accepted invitation or a magic link proved it). */
export async function markEmailVerified(tx: Transaction, userId: string, email: string): Promise<void> {
  await tx
    .update(users)
    .set({ emailVerifiedAt: sql`now()`, updatedAt: new Date() })
    .where(and(eq(users.id, userId), eq(sql`lower(${users.email})`, email.toLowerCase()), sql`${users.emailVerifiedAt} is null`));
  verification.delete(userId);
}

/**
 * Refuses actions that need a proven address (creating a workspace, inviting people, starting
 * a paid plan). Read fresh from the database: this guards the action itself.
 */
export async function assertEmailVerified(userId: string, db: ReturnType<typeof getDb> | Transaction = getDb()): Promise<void> {
  const [row] = await db.select({ verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, userId)).limit(1);
  if (!row?.verifiedAt) throw new AppError("FORBIDDEN", UNVERIFIED_MESSAGE, { reason: "email_unverified" });
}

// For the banner only. A verified address stays verified (a changed one is verified by the
// change itself), so "verified" is remembered for a while; "unverified" is read every time.
const verification = createCache<{ email: string }>({ name: "email-verified", max: 50_000, ttlMs: 10 * 60_000 });

/** The address still to verify (for the banner), or null when it is verified. */
export async function unverifiedEmailOf(userId: string): Promise<string | null> {
  if (verification.get(userId)) return null;
  const [row] = await getDb().select({ email: users.email, verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, userId)).limit(1);
  if (!row) return null;
  if (row.verifiedAt) {
    verification.set(userId, { email: row.email });
    return null;
  }
  return row.email;
}
