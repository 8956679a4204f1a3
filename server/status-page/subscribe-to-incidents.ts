import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { withoutTenant } from "../db/with-tenant";
import { statusSubscribers } from "../db/schema";
import { enqueueEmails } from "../email/enqueue-email";
import { AppError, formatWait } from "../errors";
import { checkRateLimit, type RateLimitPolicy } from "../rate-limit/gcra";
import { statusOrigin, subscriberLink } from "./subscriber-links";
import { ZSubscribe } from "./schemas";
import { addressBucket } from "../rate-limit/address-bucket";

// Incident-email subscriptions with double opt-in: subscribing only sends a confirmation link;
// incident emails go to confirmed addresses. Anyone can make us send the confirmation, so it is
// throttled per address and per IP (the project's GCRA limiter), and the answer is the same
// whether or not the address was already subscribed.

const PER_ADDRESS: RateLimitPolicy = { name: "status-subscribe-address", limit: 3, periodSeconds: 60 * 60 };
const PER_IP: RateLimitPolicy = { name: "status-subscribe-ip", limit: 10, periodSeconds: 15 * 60 };

export const SUBSCRIBE_ANSWER = "Check your inbox: we sent a link to confirm your subscription.";

export type SubscribeOptions = { email: unknown; ip: string | null };

export async function subscribeToIncidents({ email, ip }: SubscribeOptions): Promise<{ message: string }> {
  const parsed = ZSubscribe.safeParse({ email });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Enter a valid email address.";
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { email: [message] } });
  }
  const address = parsed.data.email;
  const decisions = await Promise.all([checkRateLimit(`status-subscribe:${address}`, PER_ADDRESS), checkRateLimit(`status-subscribe:ip:${addressBucket(ip)}`, PER_IP)]);
  const blocked = decisions.filter((d) => !d.allowed);
  if (blocked.length) {
    const wait = Math.max(...blocked.map((d) => d.retryAfterSeconds));
    throw new AppError("TOO_MANY_REQUESTS", `Too many requests. Try again in ${formatWait(wait)}.`, { retryAfterSeconds: wait });
  }
  await withoutTenant(async (tx) => {
    await tx.insert(statusSubscribers).values({ email: address }).onConflictDoNothing({ target: statusSubscribers.email });
    const [subscriber] = await tx.select().from(statusSubscribers).where(eq(statusSubscribers.email, address));
    // Already confirmed: nothing to send (the answer does not say so).
    if (!subscriber || subscriber.confirmedAt) return;
    await enqueueEmails(tx, [
      {
        to: address,
        subject: "Confirm your subscription to incident updates",
        text: [
          `Someone (hopefully you) asked for incident emails from ${statusOrigin()}/ at this address.`,
          "",
          `Confirm: ${subscriberLink("confirm", subscriber.id, address)}`,
          "",
          "If it was not you, ignore this email: nothing is sent until the link is opened and confirmed.",
          `Unsubscribe: ${subscriberLink("unsubscribe", subscriber.id, address)}`,
        ].join("\n"),
        dedupeKey: `status-confirm:${subscriber.id}:${randomUUID()}`,
      },
    ]);
  });
  return { message: SUBSCRIBE_ANSWER };
}
