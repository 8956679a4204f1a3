import { AppError, formatWait } from "../errors";
import { checkRateLimit, type RateLimitPolicy } from "../rate-limit/gcra";
import { addressBucket } from "../rate-limit/address-bucket";

// Emails that anyone can make us send (a reset or a sign-in link to any address) are limited
// per address, so one inbox cannot be flooded, and per IP, so one client cannot spray many
// addresses. The limits apply whether or not the address has an account: the answer is the same.

export type ThrottleKind = "password-reset" | "magic-link" | "verify-resend" | "email-change";

const PER_SUBJECT: Record<ThrottleKind, RateLimitPolicy> = {
  "password-reset": { name: "password-reset-email", limit: 3, periodSeconds: 15 * 60 },
  "magic-link": { name: "magic-link-email", limit: 5, periodSeconds: 15 * 60 },
  "verify-resend": { name: "verify-resend-user", limit: 3, periodSeconds: 15 * 60 },
  "email-change": { name: "email-change-user", limit: 5, periodSeconds: 60 * 60 },
};

const PER_IP: RateLimitPolicy = { name: "account-email-ip", limit: 20, periodSeconds: 15 * 60 };

/**
 * Spends one request for `subject` (an address or a user id) and for the IP; throws
 * TOO_MANY_REQUESTS naming the wait when either is used up.
 */
export async function throttleAccountEmail(kind: ThrottleKind, subject: string, ip: string | null): Promise<void> {
  const decisions = await Promise.all([
    checkRateLimit(`account:${kind}:${subject}`, PER_SUBJECT[kind]),
    checkRateLimit(`account:${kind}:ip:${addressBucket(ip)}`, PER_IP),
  ]);
  const blocked = decisions.filter((d) => !d.allowed);
  if (blocked.length) {
    const wait = Math.max(...blocked.map((d) => d.retryAfterSeconds));
    throw new AppError("TOO_MANY_REQUESTS", `Too many requests. Try again in ${formatWait(wait)}.`, { retryAfterSeconds: wait });
  }
}
