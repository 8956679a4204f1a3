import { eq, sql } from "drizzle-orm";
import { unstorableTextProblem } from "../../lib/text";
import { getDb } from "../db/client";
import { users, type User } from "../db/schema";
import { AppError, formatWait } from "../errors";
import { checkRateLimit, refundRateLimit, type RateLimitPolicy } from "../rate-limit/gcra";
import { dummyPasswordHash, verifyPassword } from "./password";
import { addressBucket } from "../rate-limit/address-bucket";

export type AuthenticateUserOptions = { email: string; password: string; ip: string | null };

// Three windows. The tight one is per account *and* IP, so an attacker elsewhere cannot lock a
// victim out; the per-IP one stops spraying across accounts; the per-account one (any IP) only
// slows a distributed guesser down for a minute at a time.
// Failures are what these buckets count (the same GCRA limiter as the API): a success is refunded.
function throttleRules(email: string, ip: string | null): { key: string; policy: RateLimitPolicy }[] {
  const ipKey = addressBucket(ip);
  return [
    { key: `signin:acct-ip:${email}:${ipKey}`, policy: { name: "sign-in", limit: 5, periodSeconds: 15 * 60 } },
    { key: `signin:ip:${ipKey}`, policy: { name: "sign-in-ip", limit: 30, periodSeconds: 15 * 60 } },
    { key: `signin:acct:${email}`, policy: { name: "sign-in-account", limit: 20, periodSeconds: 60 } },
  ];
}

export class SignInThrottledError extends AppError {
  constructor(retryAfterSeconds: number) {
    super("TOO_MANY_REQUESTS", `Too many failed sign-in attempts. Try again in ${formatWait(retryAfterSeconds)}.`, {
      retryAfterSeconds,
    });
  }
}

/** Returns the user for a correct email and password; null otherwise. Throws when throttled. */
export async function authenticateUser({ email, password, ip }: AuthenticateUserOptions): Promise<User | null> {
  const normalized = email.trim().toLowerCase();
  // No account can have such an email (and the throttle keys below are stored as text).
  if (normalized.length > 254 || password.length > 200 || unstorableTextProblem(normalized)) return null;
  const rules = throttleRules(normalized, ip);
  // Spend an attempt *before* the (slow) password check, so parallel guesses cannot all pass
  // the check first; a correct password gets its attempts back.
  const states = await Promise.all(rules.map((r) => checkRateLimit(r.key, r.policy)));
  const blocked = states.filter((s) => !s.allowed);
  if (blocked.length) throw new SignInThrottledError(Math.max(...blocked.map((s) => s.retryAfterSeconds)));

  const [user] = await getDb().select().from(users).where(eq(sql`lower(${users.email})`, normalized)).limit(1);
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (user && ok) {
    await Promise.all(rules.map((r) => refundRateLimit(r.key, r.policy)));
    return user;
  }
  return null;
}
