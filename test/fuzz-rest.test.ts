import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "../server/api/openapi";
import { settleLastUsedWrites } from "../server/api-keys/authenticate-api-key";
import { setPlanOverrides } from "../server/billing/plan-overrides";
import { UNLIMITED } from "../lib/plans";
import { flushApiCalls } from "../server/usage/api-call-counter";
import { parseUsageBody } from "../server/usage/ingest-usage";
import { invalidateUsageSnapshot } from "../server/usage/usage-snapshot";
import { apiTenant } from "./api-helpers";
import { TEST_META } from "./factories";
import { adminSql, changedTables, describeValue, HOSTILE, HOSTILE_TEXT, snapshotTables, type Snapshot } from "./fuzz-values";

// Every route module under app/api/v1 (found on disk, so a new route is covered without touching
// this file) and every HTTP method it exports gets hostile path parameters, query values,
// headers and bodies, with a valid API key of a real workspace. No answer may be a 5xx, and no
// table may change (apart from the API-call count and the key's last-used time, which every
// request updates by design).

type Handler = (req: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;
const MODULES = import.meta.glob<Record<string, unknown>>("../app/api/v1/**/route.ts", { eager: true });
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** `../app/api/v1/entitlements/[feature]/route.ts` -> `/entitlements/[feature]`. */
const routePath = (file: string) => file.replace(/^\.\.\/app\/api\/v1/, "").replace(/\/route\.ts$/, "") || "/";
const paramNames = (path: string) => [...path.matchAll(/\[(\w+)\]/g)].map((m) => m[1]!);

const ROUTES = Object.entries(MODULES).flatMap(([file, module]) =>
  METHODS.filter((method) => typeof module[method] === "function").map((method) => ({ method, path: routePath(file), handler: module[method] as Handler })),
);

// Routes that write on a valid body, and how to tell a valid body: only bodies it refuses are sent
// (a valid one would legitimately write), and text PostgreSQL cannot store must always be refused.
const BODY_PARSERS: Record<string, (body: unknown) => unknown> = {
  "POST /usage": parseUsageBody,
};

// Query keys: the route's documented parameters, plus names every route may be probed with.
const DOCUMENTED = openApiDocument("http://localhost:3000").paths as Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
const PROBED_KEYS = ["metric", "from", "to", "__proto__", "constructor"];
const BASE_QUERY: Record<string, string> = { metric: "units", granularity: "day" };

const BASE_EVENT = { metric: "units", quantity: 1, idempotencyKey: "fuzz-baseline" };
const PROTOTYPE_NAMES = new Set(["__proto__", "toString", "constructor", "hasOwnProperty", "valueOf"]);

let key = "";
const sql = adminSql();

beforeAll(async () => {
  const t = await apiTenant({ planId: "pro" });
  // No rate limit or API-call quota: every request must reach the handler, not a 429.
  await setPlanOverrides({ tenantId: t.tenant.id, overrides: { limits: { apiRequestsPerMinute: UNLIMITED, apiCallsPerMonth: UNLIMITED } }, actorUserId: null, meta: TEST_META });
  invalidateUsageSnapshot(t.tenant.id);
  key = t.key.secret;
});
afterAll(() => sql.end({ timeout: 5 }));

async function settledSnapshot(): Promise<Snapshot> {
  await settleLastUsedWrites();
  await flushApiCalls();
  return snapshotTables(sql);
}

type Attempt = { method: string; path: string; params?: Record<string, string>; query?: Record<string, string> | string; body?: string; headers?: Record<string, string> };

async function send(handler: Handler, attempt: Attempt): Promise<{ status: number; text: string }> {
  const search = typeof attempt.query === "string" ? attempt.query : new URLSearchParams(attempt.query ?? {}).toString();
  const url = `http://localhost:3000/api/v1${attempt.path}${search ? `?${search}` : ""}`;
  const hasBody = attempt.body !== undefined && attempt.method !== "GET" && attempt.method !== "HEAD";
  const req = new Request(url, {
    method: attempt.method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...attempt.headers },
    body: hasBody ? attempt.body : undefined,
  });
  const res = await handler(req, { params: Promise.resolve(attempt.params ?? {}) });
  return { status: res.status, text: res.status >= 500 ? await res.text() : "" };
}

describe("fuzz: every REST route under /api/v1", () => {
  it("finds the routes on disk, and knows how to validate every body it sends to a writing route", async () => {
    expect(ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(expect.arrayContaining(["GET /entitlements", "GET /entitlements/[feature]", "GET /tenant", "GET /usage", "POST /usage"]));
    for (const route of ROUTES.filter((r) => !["GET", "HEAD", "OPTIONS"].includes(r.method) && !BODY_PARSERS[`${r.method} ${r.path}`])) {
      // Without a parser, a method must refuse even a valid body: a 405 for a method the endpoint
      // does not serve, a 404 where there is no endpoint. Anything else writes: add its parser.
      const params = Object.fromEntries(paramNames(route.path).map((name) => [name, "units"]));
      const { status } = await send(route.handler, { ...route, params, body: JSON.stringify(BASE_EVENT) });
      expect([404, 405], `${route.method} ${route.path} answered ${status}: add it to BODY_PARSERS`).toContain(status);
    }
  });

  // Methods that refuse whatever they get (checked above) and the no-endpoint catch-all are left out.
  const served = ROUTES.filter((r) => r.path !== "/[[...path]]" && (["GET", "HEAD", "OPTIONS"].includes(r.method) || BODY_PARSERS[`${r.method} ${r.path}`]));
  it.each(served.map((r) => [`${r.method} ${r.path}`, r] as const))("%s: no 5xx, nothing written", async (_name, route) => {
    const failures: string[] = [];
    const before = await settledSnapshot();
    const params = Object.fromEntries(paramNames(route.path).map((name) => [name, "units"]));
    const check = async (attempt: Attempt, label: string) => {
      const { status, text } = await send(route.handler, attempt);
      if (status >= 500) failures.push(`${label} -> ${status} ${text.slice(0, 200)}`);
      return status;
    };

    // Path parameters.
    for (const name of paramNames(route.path)) {
      for (const hostile of HOSTILE_TEXT) {
        const status = await check({ ...route, params: { ...params, [name]: hostile.value }, query: BASE_QUERY }, `[${name}]=${hostile.label}`);
        if (PROTOTYPE_NAMES.has(hostile.value) && status < 300) failures.push(`[${name}]=${hostile.value} answered ${status}, not 404`);
      }
    }
    // Query values, one key at a time, and query strings no form would send.
    const documented = (DOCUMENTED[route.path.replace(/\[(\w+)\]/g, "{$1}")]?.[route.method.toLowerCase()]?.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
    for (const name of new Set([...documented, ...PROBED_KEYS])) {
      for (const hostile of HOSTILE_TEXT) {
        await check({ ...route, params, query: { ...BASE_QUERY, [name]: hostile.value } }, `?${name}=${hostile.label}`);
      }
    }
    for (const raw of ["metric=units&metric=day", "metric[]=units", "metric=%ZZ", "from=%00&to=%00", "__proto__[polluted]=1&metric=units", "metric=units&from=0000-01-01T00:00:00Z&to=0000-01-02T00:00:00Z"]) {
      await check({ ...route, params, query: raw }, `?${raw}`);
    }
    // Headers read as text.
    for (const authorization of ["", "Bearer", "Bearer \u00ff\u00fe", `Bearer ${key}x`, `Basic ${key}`, `Bearer ${"a".repeat(8_000)}`, `bearer ${key.toUpperCase()}`]) {
      await check({ ...route, params, query: BASE_QUERY, headers: { authorization } }, `Authorization: ${describeValue(authorization)}`);
    }
    // Bodies (GET and HEAD have none).
    const reads = route.method === "GET" || route.method === "HEAD";
    for (const contentType of reads ? [] :  ["text/plain", "application/json; charset=utf-16", "multipart/form-data; boundary=x", "application/jsonx"]) {
      await check({ ...route, params, query: BASE_QUERY, headers: { "content-type": contentType }, body: JSON.stringify({ ...BASE_EVENT, quantity: -1 }) }, `Content-Type: ${contentType}`);
    }

    const parse = BODY_PARSERS[`${route.method} ${route.path}`];
    const bodies: unknown[] = reads ? [] : HOSTILE.map((h) => h.value);
    for (const field of reads ? [] : Object.keys(BASE_EVENT)) {
      for (const hostile of HOSTILE) {
        const event = { ...BASE_EVENT, [field]: hostile.value };
        bodies.push(event, { events: [event] }, { events: [BASE_EVENT, event] });
        if (hostile.unstorable && parse && accepts(parse, event)) failures.push(`${field}=${hostile.label} is accepted by the body schema`);
      }
    }
    if (!reads) bodies.push({ events: hostile1000() }, { events: "x" }, { events: null }, JSON.parse('{"events":[],"__proto__":{"polluted":true}}'));
    for (const body of bodies) {
      if (parse && accepts(parse, body)) continue;
      await check({ ...route, params, body: JSON.stringify(body) }, `body ${describeValue(body)}`);
    }
    const RAW = ["", "{", "nul\u0000l", '{"metric":"units"', "\ud800", `${"[".repeat(100_000)}${"]".repeat(100_000)}`, "x".repeat(2 * 1_048_576)];
    for (const raw of reads ? [] : RAW) await check({ ...route, params, body: raw }, `raw body ${describeValue(raw)}`);

    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(changedTables(before, await settledSnapshot())).toEqual([]);
  });
});

function accepts(parse: (body: unknown) => unknown, body: unknown): boolean {
  try {
    parse(body);
    return true;
  } catch {
    return false;
  }
}

/** A batch one event over the limit (1,000), each event otherwise fine. */
function hostile1000() {
  return Array.from({ length: 1_001 }, (_, i) => ({ ...BASE_EVENT, idempotencyKey: `fuzz-${i}` }));
}
