import { getDb } from "../db/client";
import { normalizeHostname } from "../hosts/parse-host";
import { consumeOneTimeToken, issueOneTimeToken, peekOneTimeToken } from "../auth/one-time-tokens";
import { refundSecondFactorAttempt, SecondFactorThrottledError, spendSecondFactorAttempt } from "./throttle";
import { acceptSecondFactor, type SecondFactorMethod } from "./verify-second-factor";

// A sign-in that has passed its first factor and waits for the second: a single-use token
// (auth_tokens, purpose second_factor) that remembers the user, where to go next and the host it
// was started on. The browser holds it in an httpOnly cookie (server/auth/second-factor.ts).

export const PENDING_SIGN_IN_TTL_SECONDS = 10 * 60;

export type PendingSignIn = { userId: string; next: string };

export async function createPendingSignIn({ userId, next, host }: { userId: string; next: string; host: string }): Promise<string> {
  return issueOneTimeToken({ purpose: "second_factor", userId, ttlSeconds: PENDING_SIGN_IN_TTL_SECONDS, data: { next, host: normalizeHostname(host) } });
}

function read(row: { userId: string | null; data: Record<string, unknown> } | null, host: string): PendingSignIn | null {
  if (!row?.userId || row.data.host !== normalizeHostname(host) || typeof row.data.next !== "string") return null;
  return { userId: row.userId, next: row.data.next };
}

/** The pending sign-in behind this token on this host, if it is still waiting. */
export async function findPendingSignIn(token: string, host: string): Promise<PendingSignIn | null> {
  return read(await peekOneTimeToken("second_factor", token), host);
}

export type CompletePendingSignInOptions = { token: string; host: string; method: SecondFactorMethod; code: string; ip: string | null };
export type CompletePendingSignInResult =
  | { status: "signed_in"; userId: string; next: string }
  | { status: "wrong_code" }
  | { status: "expired" }
  | { status: "throttled"; retryAfterSeconds: number };

class WrongCode extends Error {}

/**
 * Checks the code and, when it is right, finishes the pending sign-in (once: the token is
 * redeemed in the same transaction that accepts the code, and a concurrent attempt waits on that
 * row, then finds it used). A wrong code leaves the pending sign-in as it was (its redemption is
 * rolled back); too many wrong codes end it.
 */
export async function completePendingSignIn({ token, host, method, code, ip }: CompletePendingSignInOptions): Promise<CompletePendingSignInResult> {
  const pending = await findPendingSignIn(token, host);
  if (!pending) return { status: "expired" };
  try {
    await spendSecondFactorAttempt(pending.userId, ip);
  } catch (error) {
    if (!(error instanceof SecondFactorThrottledError)) throw error;
    await consumeOneTimeToken("second_factor", token);
    return { status: "throttled", retryAfterSeconds: error.retryAfterSeconds ?? 60 };
  }
  try {
    const finished = await getDb().transaction(async (tx) => {
      const redeemed = read(await consumeOneTimeToken("second_factor", token, tx), host);
      if (!redeemed || redeemed.userId !== pending.userId) return null;
      if (!(await acceptSecondFactor(tx, redeemed.userId, method, code))) throw new WrongCode();
      return redeemed;
    });
    if (!finished) return { status: "expired" };
    await refundSecondFactorAttempt(finished.userId, ip);
    return { status: "signed_in", ...finished };
  } catch (error) {
    if (error instanceof WrongCode) return { status: "wrong_code" };
    throw error;
  }
}
