import { AppError, formatWait } from "../errors";
import { checkRateLimit, refundRateLimit, type RateLimitPolicy } from "../rate-limit/gcra";
import { addressBucket } from "../rate-limit/address-bucket";

// Second-factor codes are throttled like passwords (users/authenticate-user.ts): per account and
// IP (tight, so an attacker elsewhere cannot lock the person out), per IP (spraying across
// accounts), per account from anywhere (a distributed guesser who already has the password: at
// 10 an hour, about a 1 in 400 chance a month). An attempt is spent before the code is checked;
// a right code gets it back. Six digits at ±1 step are 3 in a million per guess.
function rules(userId: string, ip: string | null): { key: string; policy: RateLimitPolicy }[] {
  const ipKey = addressBucket(ip);
  return [
    { key: `2fa:acct-ip:${userId}:${ipKey}`, policy: { name: "second-factor", limit: 5, periodSeconds: 15 * 60 } },
    { key: `2fa:ip:${ipKey}`, policy: { name: "second-factor-ip", limit: 30, periodSeconds: 15 * 60 } },
    { key: `2fa:acct:${userId}`, policy: { name: "second-factor-account", limit: 10, periodSeconds: 60 * 60 } },
  ];
}

export class SecondFactorThrottledError extends AppError {
  constructor(retryAfterSeconds: number) {
    super("TOO_MANY_REQUESTS", `Too many wrong codes. Try again in ${formatWait(retryAfterSeconds)}.`, { retryAfterSeconds });
  }
}

/** Spends one attempt on every bucket; throws SecondFactorThrottledError when any is empty. */
export async function spendSecondFactorAttempt(userId: string, ip: string | null): Promise<void> {
  const decisions = await Promise.all(rules(userId, ip).map((r) => checkRateLimit(r.key, r.policy)));
  const blocked = decisions.filter((d) => !d.allowed);
  if (blocked.length) throw new SecondFactorThrottledError(Math.max(...blocked.map((d) => d.retryAfterSeconds)));
}

/** A right code: the attempt is given back. */
export async function refundSecondFactorAttempt(userId: string, ip: string | null): Promise<void> {
  await Promise.all(rules(userId, ip).map((r) => refundRateLimit(r.key, r.policy)));
}
