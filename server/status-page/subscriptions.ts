import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { withoutTenant } from "../db/with-tenant";
import { statusSubscribers } from "../db/schema";
import { enqueueEmails } from "../email/enqueue-email";
import { AppError, formatWait } from "../errors";
import { checkRateLimit, type RateLimitPolicy } from "../rate-limit/gcra";
import { statusOrigin, subscriberLink, verifySubscriberToken } from "./subscriber-links";
import { ZSubscribe } from "./schemas";

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
  const decisions = await Promise.all([checkRateLimit(`status-subscribe:${address}`, PER_ADDRESS), checkRateLimit(`status-subscribe:ip:${ip ?? "unknown"}`, PER_IP)]);
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function subscriberFromLink(purpose: "confirm" | "unsubscribe", subscriberId: unknown, token: unknown) {
  if (typeof subscriberId !== "string" || !UUID.test(subscriberId) || typeof token !== "string" || token.length > 100) return null;
  return withoutTenant(async (tx) => {
    const [subscriber] = await tx.select().from(statusSubscribers).where(eq(statusSubscribers.id, subscriberId));
    return subscriber && verifySubscriberToken(purpose, subscriber.id, subscriber.email, token) ? subscriber : null;
  });
}

export type SubscriberLinkOptions = { subscriberId: unknown; token: unknown };

/** Confirms the address a confirmation link was sent to; an unknown or altered link is a 404. */
export async function confirmSubscription({ subscriberId, token }: SubscriberLinkOptions): Promise<{ email: string }> {
  const subscriber = await subscriberFromLink("confirm", subscriberId, token);
  if (!subscriber) throw new AppError("NOT_FOUND", "This confirmation link is not valid (or the subscription was cancelled). Subscribe again on the status page.");
  await withoutTenant((tx) => tx.update(statusSubscribers).set({ confirmedAt: new Date() }).where(and(eq(statusSubscribers.id, subscriber.id), isNull(statusSubscribers.confirmedAt))));
  return { email: subscriber.email };
}

/** Removes the subscriber (the row, not a flag: nothing is kept about an unsubscribed address). */
export async function unsubscribeFromIncidents({ subscriberId, token }: SubscriberLinkOptions): Promise<{ email: string }> {
  const subscriber = await subscriberFromLink("unsubscribe", subscriberId, token);
  if (!subscriber) throw new AppError("NOT_FOUND", "This unsubscribe link is not valid, or the address is already unsubscribed.");
  await withoutTenant((tx) => tx.delete(statusSubscribers).where(eq(statusSubscribers.id, subscriber.id)));
  return { email: subscriber.email };
}

/** Whether a link is valid, for the confirmation and unsubscribe pages (GET shows a button; only the POST acts, so mail scanners change nothing). */
export async function checkSubscriberLink(purpose: "confirm" | "unsubscribe", options: SubscriberLinkOptions): Promise<{ email: string; confirmed: boolean } | null> {
  const subscriber = await subscriberFromLink(purpose, options.subscriberId, options.token);
  return subscriber ? { email: subscriber.email, confirmed: subscriber.confirmedAt !== null } : null;
}
