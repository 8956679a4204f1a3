import type { EventType } from "../../lib/event-catalog";
import type { Transaction } from "../db/client";
import { events, type EventActor } from "../db/schema";
import { enqueueJobAfterCommit } from "../jobs/enqueue-job";
import { EVENT_SCHEMAS, EVENT_VERSION, type EventData } from "./schemas";

export type RecordEventOptions<T extends EventType> = {
  tenantId: string;
  type: T;
  data: EventData<T>;
  actor: EventActor;
};

/**
 * Writes a domain event in the transaction of the change it describes (the outbox): it exists if
 * and only if the change committed. After the commit the relay is woken to hand it to webhooks,
 * notifications and NATS; its schedule picks up whatever a lost wake-up left. The payload is
 * checked against the catalogue's schema, so a malformed event fails the change, loudly, in tests.
 */
export async function recordEvent<T extends EventType>(tx: Transaction, options: RecordEventOptions<T>): Promise<string> {
  const data = EVENT_SCHEMAS[options.type].parse(options.data) as Record<string, unknown>;
  const [row] = await tx
    .insert(events)
    .values({ tenantId: options.tenantId, type: options.type, version: EVENT_VERSION, data, actor: options.actor })
    .returning({ id: events.id });
  enqueueJobAfterCommit(tx, "event-relay");
  return row!.id;
}

/** The actor of a change made in a request: the signed-in member (or operator), else the system. */
export function actorOf(userId: string | null, options: { supportGrantId?: string } = {}): EventActor {
  if (!userId) return { type: "system" };
  return options.supportGrantId ? { type: "operator", id: userId } : { type: "user", id: userId };
}

/** The `workspace` every workspace.* payload carries. */
export function workspaceOf(tenant: { id: string; slug: string; name: string }): { id: string; slug: string; name: string } {
  return { id: tenant.id, slug: tenant.slug, name: tenant.name };
}
