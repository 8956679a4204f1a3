import "server-only";
import { eq } from "drizzle-orm";
import { withoutTenant } from "../db/with-tenant";
import { statusSubscribers, type StatusSubscriber } from "../db/schema";
import { verifySubscriberToken } from "./subscriber-links";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type SubscriberLinkOptions = { subscriberId: unknown; token: unknown };

/** The subscriber a confirmation or unsubscribe link names, if its token is right; null for anything else. */
export async function findSubscriberByLink(purpose: "confirm" | "unsubscribe", { subscriberId, token }: SubscriberLinkOptions): Promise<StatusSubscriber | null> {
  if (typeof subscriberId !== "string" || !UUID.test(subscriberId) || typeof token !== "string" || token.length > 100) return null;
  return withoutTenant(async (tx) => {
    const [subscriber] = await tx.select().from(statusSubscribers).where(eq(statusSubscribers.id, subscriberId));
    return subscriber && verifySubscriberToken(purpose, subscriber.id, subscriber.email, token) ? subscriber : null;
  });
}
