import { z } from "zod";
import { API_SCOPES } from "../../lib/api-scopes";
import { FEATURES, USAGE_METRICS } from "../../lib/plans";
import { EVENT_TYPES } from "../../lib/event-catalog";
import { eventSchemaComponents } from "../events/event-json-schemas";
import { EVENT_VERSION } from "../events/schemas";
import { ZEventsQuery } from "../events/list-events";
import { ZUsageBatch } from "../usage/ingest-usage";
import { ZUsageSeriesQuery } from "../usage/usage-series";

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });

const error = {
  type: "object",
  required: ["error"],
  properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" }, field: { type: "string" } } } },
};
const errors = Object.fromEntries(
  [
    ["400", "Invalid input (the field is named)"],
    ["401", "Missing, unknown, revoked or expired API key"],
    ["403", "The key lacks the required scope"],
    ["404", "Not found"],
    ["413", "Body too large"],
    ["415", "Body is not JSON"],
    ["429", "Rate limit (see Retry-After and RateLimit headers), quota_exceeded, or too_many_concurrent (the workspace's share of calls in progress is taken)"],
    ["500", "Unexpected error"],
    ["503", "unavailable: Atrium could not answer in time, or is busy; retry after Retry-After (usage sent again with the same idempotency keys is never counted twice)"],
  ].map(([code, description]) => [code, { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }]),
);
const ok = (description: string) => ({ description, content: { "application/json": { schema: { type: "object" } } } });

/** The public API's OpenAPI document, generated from the same zod schemas the API validates with. */
export function openApiDocument(serverUrl: string) {
  const seriesParams = schema(ZUsageSeriesQuery) as { properties: Record<string, object>; required?: string[] };
  const eventParams = schema(ZEventsQuery) as { properties: Record<string, object> };
  return {
    openapi: "3.1.0",
    info: { title: "Atrium public API", version: "1.0.0", description: "Report usage, read entitlements and poll the workspace's events. Authenticate with `Authorization: Bearer atr_live_…`." },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: `API key; scopes: ${API_SCOPES.join(", ")}` } },
      schemas: { Error: error, UsageBatch: schema(ZUsageBatch), ...eventSchemaComponents() },
    },
    "x-event-catalogue": { version: EVENT_VERSION, types: EVENT_TYPES },
    paths: {
      "/tenant": { get: { summary: "The key's workspace: slug, name, plan, status, limits", "x-scope": "tenant:read", responses: { "200": ok("The workspace"), ...errors } } },
      "/entitlements": { get: { summary: "Features, limits and remaining quota (cheap: for the hot path)", "x-scope": "usage:read", responses: { "200": ok("Entitlements"), ...errors } } },
      "/entitlements/{feature}": {
        get: {
          summary: "One feature (enabled?) or one metric (quota state)",
          "x-scope": "usage:read",
          parameters: [{ name: "feature", in: "path", required: true, schema: { type: "string", enum: [...FEATURES, ...Object.keys(USAGE_METRICS)] } }],
          responses: { "200": ok("The entitlement"), ...errors },
        },
      },
      "/usage": {
        post: {
          summary: "Report one usage event or a batch of up to 1,000; idempotent per idempotencyKey",
          description:
            "`timestamp` (optional, default now) may be up to 35 days back and 5 minutes ahead; for a metric your plan limits, not before the current usage period's start (see `period` in GET /entitlements). A batch with any event outside that is refused whole (400).",
          "x-scope": "usage:write",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/UsageBatch" } } } },
          responses: { "201": ok("Accepted (with duplicate count and quota state)"), "200": ok("All duplicates"), ...errors },
        },
        get: {
          summary: "Rolled-up usage series",
          "x-scope": "usage:read",
          parameters: Object.entries(seriesParams.properties).map(([name, s]) => ({ name, in: "query", required: seriesParams.required?.includes(name) ?? false, schema: s })),
          responses: { "200": ok("The series"), ...errors },
        },
      },
      "/events": {
        get: {
          summary: "The workspace's events, oldest first, one page at a time: follow nextCursor to see each event exactly once",
          description:
            "Poll with the last nextCursor. Events appear once the transaction that wrote them has ended, so a page never skips one that commits late. Each type's payload (`data`) is published below as `EventData.<type>.v<version>`.",
          "x-scope": "events:read",
          parameters: Object.entries(eventParams.properties).map(([name, s]) => ({
            name,
            in: "query",
            required: false,
            schema: s,
            ...(name === "type" ? { style: "form", explode: true } : {}),
          })),
          responses: { "200": { description: "A page of events", content: { "application/json": { schema: { $ref: "#/components/schemas/EventsPage" } } } }, ...errors },
        },
      },
    },
  };
}
