import "server-only";
import { eq } from "drizzle-orm";
import { withoutTenant } from "../db/with-tenant";
import { statusSubscribers } from "../db/schema";
import { AppError } from "../errors";
import { findSubscriberByLink, type SubscriberLinkOptions } from "./find-subscriber-by-link";

/** Removes the subscriber (the row, not a flag: nothing is kept about an unsubscribed address). */
export async function unsubscribeFromIncidents(options: SubscriberLinkOptions): Promise<{ email: string }> {
  const subscriber = await findSubscriberByLink("unsubscribe", options);
  if (!subscriber) throw new AppError("NOT_FOUND", "This unsubscribe link is not valid, or the address is already unsubscribed.");
  await withoutTenant((tx) => tx.delete(statusSubscribers).where(eq(statusSubscribers.id, subscriber.id)));
  return { email: subscriber.email };
}
