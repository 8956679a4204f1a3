import type { EventActor } from "../db/schema";

/** An event as integrators receive it: the API's pages, NATS messages (and webhooks) alike. */
export type PublicEvent = {
  id: string;
  type: string;
  version: number;
  workspaceId: string;
  occurredAt: string;
  actor: PublicActor;
  data: Record<string, unknown>;
};

/** As integrators see the actor: platform staff are "operator", never which one (as in the audit log). */
export type PublicActor = Exclude<EventActor, { type: "operator" }> | { type: "operator" };

function publicActor(actor: EventActor): PublicActor {
  return actor.type === "operator" ? { type: "operator" } : actor;
}

export function publicEvent(event: { id: string; type: string; version: number; tenantId: string; createdAt: Date; actor: EventActor; data: Record<string, unknown> }): PublicEvent {
  return {
    id: event.id,
    type: event.type,
    version: event.version,
    workspaceId: event.tenantId,
    occurredAt: event.createdAt.toISOString(),
    actor: publicActor(event.actor),
    data: event.data,
  };
}
