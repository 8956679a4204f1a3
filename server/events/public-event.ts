import type { EventActor } from "../db/schema";

/** An event as integrators receive it: the API's pages, NATS messages (and webhooks) alike. */
export type PublicEvent = {
  id: string;
  type: string;
  version: number;
  workspaceId: string;
  occurredAt: string;
  actor: EventActor;
  data: Record<string, unknown>;
};

export function publicEvent(event: { id: string; type: string; version: number; tenantId: string; createdAt: Date; actor: EventActor; data: Record<string, unknown> }): PublicEvent {
  return {
    id: event.id,
    type: event.type,
    version: event.version,
    workspaceId: event.tenantId,
    occurredAt: event.createdAt.toISOString(),
    actor: event.actor,
    data: event.data,
  };
}
