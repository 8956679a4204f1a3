import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { apexNext } from "../../lib/safe-redirect";
import { forgetSessionVersion } from "../auth/session-version";
import { users } from "../db/schema";
import { revokeAllSessions } from "../sessions/revoke-sessions";
import { hashPassword } from "../users/password";
import { consumeOneTimeToken, issueOneTimeToken, peekOneTimeToken, revokeOneTimeTokens } from "../auth/one-time-tokens";
import { getDb } from "../db/client";
import { enqueueEmails } from "../email/enqueue-email";
import { AppError } from "../errors";
import { magicLinkEmail } from "./account-emails";
import { withAnswerFloor } from "./answer-floor";
import { markEmailVerified } from "./email-verification";
import { findUserByEmail, lockUser, parseEmailInput } from "./find-user";
import { throttleAccountEmail } from "./throttles";

export const MAGIC_LINK_TTL_SECONDS = 15 * 60;

export const MAGIC_LINK_INVALID = "This sign-in link has expired or was already used. Ask for a new one.";

export type RequestMagicLinkOptions = { email: unknown; ip: string | null; next?: unknown };

/**
 * Emails a sign-in link when the address has an account; the same answer, minimum time and
 * throttles (per address and IP) either way. `next` is kept in the link (apex paths only).
 */
export async function requestMagicLink({ email: input, ip, next }: RequestMagicLinkOptions): Promise<void> {
  const email = parseEmailInput(input);
  await withAnswerFloor(async () => {
    await throttleAccountEmail("magic-link", email, ip);
    const user = await findUserByEmail(email);
    if (!user) return;
    await getDb().transaction(async (tx) => {
      const token = await issueOneTimeToken({ purpose: "magic_link", userId: user.id, email: user.email, ttlSeconds: MAGIC_LINK_TTL_SECONDS, data: { next: apexNext(next) } }, tx);
      await enqueueEmails(tx, [magicLinkEmail(user.email, user.id, token, user.locale)]);
    });
  });
}

/** Who a live link signs in (the page's "Sign in as …" button). Opening the page does not spend it. */
export async function viewMagicLink(token: string): Promise<{ email: string } | null> {
  const row = await peekOneTimeToken("magic_link", token);
  return row?.email ? { email: row.email } : null;
}

/**
 * Spends the link (once, even with two tabs) and returns whom to sign in and where to go.
 * The link also proves the address, so an unverified one becomes verified.
 */
export async function redeemMagicLink(token: string): Promise<{ userId: string; next: string }> {
  // Prepared outside the transaction (argon2 is slow), used only for a first proof (below).
  const unusablePassword = await hashPassword(randomBytes(32).toString("base64url"));
  const result = await getDb().transaction(async (tx) => {
    const link = await consumeOneTimeToken("magic_link", token, tx);
    if (!link?.userId || !link.email) throw new AppError("BAD_REQUEST", MAGIC_LINK_INVALID, { reason: "link_invalid" });
    const user = await lockUser(tx, link.userId);
    if (!user || user.email.toLowerCase() !== link.email.toLowerCase()) throw new AppError("BAD_REQUEST", MAGIC_LINK_INVALID, { reason: "link_invalid" });
    if (!user.emailVerifiedAt) {
      // The first proof that this inbox's owner is here. Whoever signed up with the address
      // without it (a squatter) knew the password: it stops working, and so do their sessions.
      // (The inbox's owner can set a password with "Forgot password?".)
      await tx.update(users).set({ passwordHash: unusablePassword, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() }).where(eq(users.id, user.id));
      // Nor may a change of address they asked for (it needed only that password) take it later.
      await revokeOneTimeTokens(user.id, ["email_change"], tx);
    }
    await markEmailVerified(tx, user.id, user.email);
    return { userId: user.id, next: apexNext(link.data.next), firstProof: !user.emailVerifiedAt };
  });
  if (result.firstProof) {
    forgetSessionVersion(result.userId);
    await revokeAllSessions(result.userId);
  }
  return { userId: result.userId, next: result.next };
}
