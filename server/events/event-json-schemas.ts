import { z } from "zod";
import { EVENT_DESCRIPTIONS, EVENT_TYPES, type EventType } from "../../lib/event-catalog";
import { EVENT_SCHEMAS, EVENT_VERSION } from "./schemas";

/** The component name of one type's payload at one version: `EventData.member.invited.v1`. */
export const eventDataSchemaName = (type: EventType, version = EVENT_VERSION) => `EventData.${type}.v${version}`;

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  // Embedded in the OpenAPI document, which names its own dialect.
  const json = { ...(z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) as Record<string, unknown>) };
  delete json.$schema;
  return json;
}

const actor = {
  description: "Who caused the event: a member (user), an API key, platform staff (operator) or the system (a job, the payment provider).",
  oneOf: [
    { type: "object", required: ["type", "id"], properties: { type: { const: "user" }, id: { type: "string" } } },
    { type: "object", required: ["type", "id"], properties: { type: { const: "api_key" }, id: { type: "string" } } },
    { type: "object", required: ["type"], properties: { type: { const: "operator" } }, description: "Platform staff; which person is not disclosed." },
    { type: "object", required: ["type"], properties: { type: { const: "system" } } },
  ],
};

/**
 * The event catalogue as OpenAPI components: each type's payload per version, the envelope
 * (`Event`, one variant per type so `data` is typed by `type`) and a page of `GET /events`.
 * Integrators, webhooks and NATS subscribers all receive this envelope.
 */
export function eventSchemaComponents(): Record<string, unknown> {
  const payloads = Object.fromEntries(
    EVENT_TYPES.map((type) => [eventDataSchemaName(type), { description: `${EVENT_DESCRIPTIONS[type]} (payload version ${EVENT_VERSION})`, ...jsonSchema(EVENT_SCHEMAS[type]) }]),
  );
  const envelope = (type: EventType) => ({
    type: "object",
    description: EVENT_DESCRIPTIONS[type],
    required: ["id", "type", "version", "workspaceId", "occurredAt", "actor", "data"],
    properties: {
      id: { type: "string", format: "uuid", description: "Unique per event; the same event delivered twice has the same id." },
      type: { const: type },
      version: { const: EVENT_VERSION, description: "The payload's schema version." },
      workspaceId: { type: "string", format: "uuid" },
      occurredAt: { type: "string", format: "date-time" },
      actor,
      data: { $ref: `#/components/schemas/${eventDataSchemaName(type)}` },
    },
  });
  return {
    ...payloads,
    Event: { description: "A domain event of the workspace.", oneOf: EVENT_TYPES.map(envelope), discriminator: { propertyName: "type" } },
    EventsPage: {
      type: "object",
      required: ["data", "nextCursor", "hasMore"],
      properties: {
        data: { type: "array", items: { $ref: "#/components/schemas/Event" } },
        nextCursor: { type: ["string", "null"], description: "Pass as `after` for the next page (also when this one was empty: poll again with it). Null before any event was returned." },
        hasMore: { type: "boolean", description: "True when more events are ready now; false means poll again later." },
      },
    },
  };
}
