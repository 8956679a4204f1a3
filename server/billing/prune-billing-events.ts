import { lt } from "drizzle-orm";
import { getDb } from "../db/client";
import { billingEvents } from "../db/schema";

// Stripe redelivers an event for up to three days; a month of ids is far more than enough to
// recognise any redelivery, and keeps ignored or old events from piling up for ever.
const RETENTION_MS = 30 * 86_400_000;

/** Forgets processed webhook event ids older than the retention period. */
export async function pruneBillingEvents({ now = new Date() }: { now?: Date } = {}): Promise<number> {
  const deleted = await getDb()
    .delete(billingEvents)
    .where(lt(billingEvents.processedAt, new Date(now.getTime() - RETENTION_MS)))
    .returning({ id: billingEvents.eventId });
  return deleted.length;
}
