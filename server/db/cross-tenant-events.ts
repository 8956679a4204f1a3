import "server-only";
import { sql } from "drizzle-orm";
import { getDb, type Transaction } from "./client";
import type { EventActor } from "./schema";

// The cross-tenant reads and writes of the event stream (issue 15): the relay's reader, the
// webhook delivery claim and retention. Like server/db/cross-tenant.ts (the rest), each calls a
// SECURITY DEFINER function and nothing else calls those functions.

/**
 * The webhook delivery job's claim (drizzle/0039): leases one enabled endpoint, of any workspace,
 * that has a due delivery and none in flight, and names its oldest due delivery. `at` is the
 * caller's scheduling clock. Null when nothing is due.
 */
export async function claimWebhookEndpoint(at: Date, leaseSeconds: number): Promise<{ tenantId: string; endpointId: string; deliveryId: string | null; leaseToken: string } | null> {
  const [row] = await getDb().execute<{ tenant_id: string; endpoint_id: string; delivery_id: string | null; lease_token: string }>(
    sql`select tenant_id, endpoint_id, delivery_id, lease_token from atrium_webhook_claim(${at.toISOString()}::timestamptz, ${leaseSeconds})`,
  );
  return row ? { tenantId: row.tenant_id, endpointId: row.endpoint_id, deliveryId: row.delivery_id, leaseToken: row.lease_token } : null;
}

export type EventRow = {
  tenant_id: string;
  id: string;
  seq: string | number;
  xid: string;
  type: string;
  version: number;
  data: Record<string, unknown>;
  actor: EventActor;
  created_at: string | Date;
};

/**
 * The event relay (server/events/relay.ts): every workspace's events after a consumer's cursor,
 * only of transactions that have ended, in (xid, seq) order, at most `limit` (≤ 1,000).
 */
export async function readEventsAfter(tx: Pick<Transaction, "execute">, cursor: { xid: string; seq: number }, limit: number): Promise<EventRow[]> {
  return tx.execute<EventRow>(sql`select * from atrium_events_after(${cursor.xid}::xid8, ${cursor.seq}, ${limit})`);
}

/** Event retention (server/events/prune-events.ts): deletes up to `limit` of the oldest events created before `olderThan`. */
export async function pruneEventsBefore(olderThan: Date, limit: number): Promise<number> {
  const rows = await getDb().execute<{ deleted: number }>(sql`select atrium_prune_events(${olderThan.toISOString()}::timestamptz, ${limit}) as deleted`);
  return rows[0]?.deleted ?? 0;
}

/** Webhook log retention (server/events/prune-events.ts): up to `limit` finished deliveries created before `olderThan`, with their attempts. */
export async function pruneWebhookDeliveriesBefore(olderThan: Date, limit: number): Promise<number> {
  const rows = await getDb().execute<{ deleted: number }>(sql`select atrium_prune_webhook_deliveries(${olderThan.toISOString()}::timestamptz, ${limit}) as deleted`);
  return rows[0]?.deleted ?? 0;
}

/** Notification retention (server/events/prune-events.ts): up to `limit` notifications created before `olderThan`. */
export async function pruneNotificationsBefore(olderThan: Date, limit: number): Promise<number> {
  const rows = await getDb().execute<{ deleted: number }>(sql`select atrium_prune_notifications(${olderThan.toISOString()}::timestamptz, ${limit}) as deleted`);
  return rows[0]?.deleted ?? 0;
}
