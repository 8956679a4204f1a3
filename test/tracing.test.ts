import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOtlpCollector, type ExportedSpan } from "./otlp-collector";

// Tracing is decided from the environment when first asked: set it before any server module loads.
const collector = await startOtlpCollector();
process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.endpoint;
process.env.OTEL_EXPORTER_OTLP_PROTOCOL = "http/json";
process.env.OTEL_SERVICE_NAME = "atrium-test";

const { startTracing, stopTracing } = await import("../server/observability/start-tracing");
const { activeTracer, inSpan } = await import("../server/observability/tracing");
const { getDb } = await import("../server/db/client");
const { createCaller } = await import("../server/trpc/root");
const { contextFor, makeTenant, makeUser } = await import("./factories");
const { apiTenant, call } = await import("./api-helpers");
const entitlementsRoute = await import("../app/api/v1/entitlements/route");

let spans: ExportedSpan[] = [];
let tenantId = "";

beforeAll(async () => {
  expect(await startTracing()).toBe(true);
  const { tenant, owner } = await makeTenant();
  tenantId = tenant.id;
  await createCaller(contextFor({ user: owner, tenant })).tenant.current();
  const stranger = await makeUser();
  await expect(createCaller(contextFor({ user: stranger, tenant })).member.list()).rejects.toThrow();
  const api = await apiTenant();
  expect((await call(entitlementsRoute.GET as never, { key: api.key.secret, path: "/entitlements" })).status).toBe(200);
  await inSpan(activeTracer()!, "test statement", {}, () => getDb().execute(sql`select ${"a parameter value"}::text as value`));
  // Shutting down exports everything still buffered.
  await stopTracing();
  spans = collector.spans;
});

afterAll(() => collector.close());

const named = (name: string) => spans.filter((span) => span.name === name);
const childrenOf = (parent: ExportedSpan) => spans.filter((span) => span.parentSpanId === parent.spanId && span.traceId === parent.traceId);

describe("traces over OTLP", () => {
  it("names the service as OTEL_SERVICE_NAME says", () => {
    expect(spans.length).toBeGreaterThan(0);
    expect(new Set(spans.map((span) => span.resource["service.name"]))).toEqual(new Set(["atrium-test"]));
  });

  it("has a span per tRPC procedure, with its type, path and code, and its SQL statements as children", () => {
    const [procedure] = named("trpc tenant.current");
    expect(procedure?.attributes).toMatchObject({ "trpc.type": "query", "trpc.path": "tenant.current", "trpc.code": "OK", "rpc.system": "trpc" });
    const statements = childrenOf(procedure!);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.attributes["db.system"]).toBe("postgresql");
      expect(statement.kind).toBe(3); // CLIENT
      expect(typeof statement.attributes["db.query.text"]).toBe("string");
    }
    // The membership check names the tenant as a parameter, never in the statement text.
    expect(statements.some((statement) => /select/i.test(String(statement.attributes["db.query.text"])))).toBe(true);
    expect(statements.every((statement) => !String(statement.attributes["db.query.text"]).includes(tenantId))).toBe(true);
  });

  it("marks a refused procedure with its code", () => {
    const [procedure] = named("trpc member.list");
    expect(procedure?.attributes).toMatchObject({ "trpc.type": "query", "trpc.code": "NOT_FOUND" });
    expect(procedure?.status?.code).toBe(2); // ERROR
  });

  it("has a span per public API call, its statements nested", () => {
    const [route] = named("api GET /api/v1/entitlements");
    expect(route?.attributes).toMatchObject({ "http.request.method": "GET", "http.route": "/api/v1/entitlements", "http.response.status_code": 200 });
    expect(childrenOf(route!).some((span) => span.attributes["db.system"] === "postgresql")).toBe(true);
  });

  it("traces no statement outside a traced operation", () => {
    expect(spans.filter((span) => span.attributes["db.system"] && !span.parentSpanId)).toEqual([]);
  });

  it("keeps parameter values out of SQL spans", () => {
    const [parent] = named("test statement");
    const [statement] = childrenOf(parent!);
    expect(statement?.name).toBe("SELECT");
    expect(statement?.attributes["db.query.text"]).toMatch(/select \$1::text as value/i);
    expect(JSON.stringify(spans)).not.toContain("a parameter value");
  });
});
