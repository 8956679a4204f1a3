import "server-only";
import { and, eq } from "drizzle-orm";
import { webhookDeliveries, webhookEndpoints } from "../db/schema";
import type { EventConsumer, RelayedEvent } from "../events/relay";
import { actAsTenant } from "../events/relay";
import { enqueueJobAfterCommit } from "../jobs/enqueue-job";
import { webhookPayload } from "./webhook-payload";

/**
 * The relay's webhook reader: one pending delivery per event and enabled endpoint that wants its
 * type and existed when the event happened, written in the relay's transaction (so exactly once;
 * the unique index backs that up). The delivery job sends them after the commit.
 */
export const webhookDeliveryConsumer: EventConsumer = {
  name: "webhooks",
  enabled: () => true,
  handle: async (tx, batch) => {
    const byTenant = new Map<string, RelayedEvent[]>();
    for (const event of batch) byTenant.set(event.tenantId, [...(byTenant.get(event.tenantId) ?? []), event]);
    let queued = 0;
    for (const [tenantId, events] of byTenant) {
      await actAsTenant(tx, tenantId);
      const endpoints = await tx
        .select({ id: webhookEndpoints.id, eventTypes: webhookEndpoints.eventTypes, createdAt: webhookEndpoints.createdAt })
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.enabled, true)));
      if (!endpoints.length) continue;
      const rows = events.flatMap((event) =>
        endpoints
          .filter((e) => e.createdAt <= event.createdAt && (e.eventTypes.length === 0 || e.eventTypes.includes(event.type)))
          .map((e) => ({
            tenantId,
            endpointId: e.id,
            kind: "event" as const,
            eventId: event.id,
            messageId: event.id,
            eventType: event.type,
            payload: webhookPayload(event),
            nextAttemptAt: new Date(),
          })),
      );
      if (!rows.length) continue;
      const inserted = await tx.insert(webhookDeliveries).values(rows).onConflictDoNothing().returning({ id: webhookDeliveries.id });
      queued += inserted.length;
    }
    if (queued) enqueueJobAfterCommit(tx, "webhook-deliveries");
  },
};
