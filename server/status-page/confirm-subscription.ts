import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { withoutTenant } from "../db/with-tenant";
import { statusSubscribers } from "../db/schema";
import { AppError } from "../errors";
import { findSubscriberByLink, type SubscriberLinkOptions } from "./find-subscriber-by-link";

/** Confirms the address a confirmation link was sent to; an unknown or altered link is a 404. */
export async function confirmSubscription(options: SubscriberLinkOptions): Promise<{ email: string }> {
  const subscriber = await findSubscriberByLink("confirm", options);
  if (!subscriber) throw new AppError("NOT_FOUND", "This confirmation link is not valid (or the subscription was cancelled). Subscribe again on the status page.");
  await withoutTenant((tx) => tx.update(statusSubscribers).set({ confirmedAt: new Date() }).where(and(eq(statusSubscribers.id, subscriber.id), isNull(statusSubscribers.confirmedAt))));
  return { email: subscriber.email };
}
