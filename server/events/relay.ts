import "server-only";
import { sql } from "drizzle-orm";
import type { Transaction } from "../db/client";
import { readEventsAfter, type EventRow } from "../db/cross-tenant-events";
import type { EventActor } from "../db/schema";
import { withoutTenant } from "../db/with-tenant";
import { logger } from "../logger";

/** An event as the relay hands it to consumers. */
export type RelayedEvent = {
  tenantId: string;
  id: string;
  seq: number;
  xid: string;
  type: string;
  version: number;
  data: Record<string, unknown>;
  actor: EventActor;
  createdAt: Date;
};

/**
 * One reader of the event stream with its own cursor (event_consumer_cursors). `handle` runs in
 * the same transaction that moves the cursor, so what it writes to the database happens exactly
 * once per event; work outside the database (a NATS publish) may repeat after a crash and must
 * be idempotent by event id. Before writing tenant-owned rows, call `actAsTenant`.
 */
export type EventConsumer = {
  name: string;
  /** A consumer that is off (NATS not configured) keeps its cursor where it is. */
  enabled: () => boolean;
  handle: (tx: Transaction, batch: RelayedEvent[]) => Promise<void>;
};

/** Scopes the rest of the relay's transaction (row-level security) to one workspace. */
export async function actAsTenant(tx: Transaction, tenantId: string): Promise<void> {
  await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
}

const BATCH = 200;

/**
 * Hands the consumer every event after its cursor, batch by batch, until none is left or the
 * time budget is spent. Two relays never work on one consumer at once: each batch holds the
 * cursor's row lock. Returns how many events were handed over.
 */
export async function runConsumer(consumer: EventConsumer, budgetMs = 20_000): Promise<number> {
  const started = Date.now();
  let total = 0;
  for (;;) {
    const { handed, of, failure } = await withoutTenant(async (tx) => {
      // One relay per consumer at a time, by an advisory lock: unlike a row lock it takes no
      // transaction id, so a slow consumer (a NATS publish) does not hold back the horizon below
      // which every reader, the events API included, sees new events. Only the cursor's update
      // at the end takes one.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`atrium-event-consumer:${consumer.name}`}, 0))`);
      const readCursor = () =>
        tx.execute<{ last_xid: string; last_seq: string | number; ahead: boolean }>(
          sql`select last_xid::text, last_seq, last_xid >= pg_snapshot_xmax(pg_current_snapshot()) as ahead from event_consumer_cursors where consumer = ${consumer.name}`,
        );
      let [cursor] = await readCursor();
      if (!cursor) {
        // A new consumer's first run (an insert takes a transaction id; a read does not).
        await tx.execute(sql`insert into event_consumer_cursors (consumer) values (${consumer.name}) on conflict do nothing`);
        [cursor] = await readCursor();
      }
      if (cursor!.ahead) {
        // Transaction ids this server has not handed out yet: the database was restored into a new
        // cluster (dump and restore), whose ids start lower. New events would sort behind the cursor.
        logger.error("event consumer's cursor is ahead of the database's transaction ids; reset it (README, Domain events)", { consumer: consumer.name, cursor: cursor!.last_xid });
      }
      const rows = await readEventsAfter(tx, { xid: cursor!.last_xid, seq: Number(cursor!.last_seq) }, BATCH);
      if (!rows.length) return { handed: 0, of: 0, failure: null };
      const batch = rows.map(toRelayed);
      let handled = batch.length;
      let failure: unknown = null;
      try {
        await consumer.handle(tx, batch);
      } catch (error) {
        // A consumer outside the database (NATS) that got part of the batch stored moves on past
        // that part, so only the rest is sent again; anything else rolls the whole batch back.
        if (!(error instanceof PartialBatch)) throw error;
        handled = Math.max(0, Math.min(error.handled, batch.length));
        failure = error.cause ?? error;
      }
      if (handled) {
        // The handler may have scoped the transaction to a workspace; the cursor is platform-wide.
        await tx.execute(sql`select set_config('app.tenant_id', '', true)`);
        const last = batch[handled - 1]!;
        await tx.execute(
          sql`update event_consumer_cursors set last_xid = ${last.xid}::xid8, last_seq = ${last.seq}, updated_at = now() where consumer = ${consumer.name}`,
        );
      }
      return { handed: handled, of: batch.length, failure };
    });
    total += handed;
    if (failure) throw failure;
    if (of < BATCH || Date.now() - started > budgetMs) return total;
  }
}

/**
 * Thrown by a consumer that handled (stored elsewhere) the first `handled` events of its batch
 * before failing: the cursor moves past those, and the run fails with `cause`.
 */
export class PartialBatch extends Error {
  override name = "PartialBatch";
  constructor(
    readonly handled: number,
    cause: unknown,
  ) {
    super(`the first ${handled} events of the batch were handled, then the consumer failed`, { cause });
  }
}

function toRelayed(row: EventRow): RelayedEvent {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    seq: Number(row.seq),
    xid: String(row.xid),
    type: row.type,
    version: row.version,
    data: row.data,
    actor: row.actor,
    createdAt: new Date(row.created_at),
  };
}

/** Runs every enabled consumer; one failing does not hold back the others. */
export async function relayEvents(consumers: readonly EventConsumer[]): Promise<{ handed: Record<string, number>; failed: string[] }> {
  const handed: Record<string, number> = {};
  const failed: string[] = [];
  for (const consumer of consumers) {
    if (!consumer.enabled()) continue;
    try {
      handed[consumer.name] = await runConsumer(consumer);
    } catch (error) {
      logger.error("event consumer failed; it resumes from its cursor next run", { consumer: consumer.name, error });
      failed.push(consumer.name);
    }
  }
  return { handed, failed };
}
