import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPCError } from "@trpc/server";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Context } from "../server/trpc/context";
import { appRouter, createCaller } from "../server/trpc/root";
import { contextFor, makeTenant } from "./factories";
import { adminSql, changedTables, describeValue, HOSTILE, snapshotTables } from "./fuzz-values";

// Every tRPC procedure's input, enumerated from the router (a new procedure is covered without
// touching this file), gets each hostile value in each field, and as the whole input, called as
// the owner of a real workspace. No call may fail with INTERNAL_SERVER_ERROR, and no table may
// change. Queries get every value; a mutation gets only inputs its schema refuses (a valid one
// would legitimately write), and text PostgreSQL cannot store must be refused by every field.

type Def = { type: string; shape?: Record<string, Schema>; innerType?: Schema; in?: Schema };
type Schema = { _zod: { def: Def }; safeParse(value: unknown): { success: boolean } };
type Procedure = { _def: { type: "query" | "mutation" | "subscription"; inputs: Schema[] } };

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "catch", "readonly", "nonoptional"]);

function unwrap(schema: Schema): Schema {
  let current = schema;
  for (;;) {
    const def = current._zod.def;
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else return current;
  }
}

const shapeOf = (schema: Schema) => {
  const inner = unwrap(schema)._zod.def;
  return inner.type === "object" ? inner.shape : undefined;
};

// Values tried, in order, until a field accepts one: the baseline the hostile value is put into.
const CANDIDATES: unknown[] = [
  undefined,
  "Fuzz Baseline",
  "units",
  "day",
  "pro",
  "month",
  "member",
  "details",
  "fuzz-baseline@example.test",
  "fuzz-baseline.example.com",
  "#1d4ed8",
  "00000000-0000-4000-8000-000000000000",
  1,
  false,
  ["usage:read"],
  {},
  null,
];

function baselineFor(schema: Schema): unknown {
  const shape = shapeOf(schema);
  if (shape) {
    const built = Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, baselineFor(field)]).filter(([, v]) => v !== undefined));
    if (schema.safeParse(built).success) return built;
  }
  return CANDIDATES.find((candidate) => schema.safeParse(candidate).success);
}

/** Every field at every depth, as a path into the input. */
function fieldPaths(schema: Schema, prefix: string[] = []): string[][] {
  const shape = shapeOf(schema);
  if (!shape) return [];
  return Object.entries(shape).flatMap(([key, field]) => [[...prefix, key], ...fieldPaths(field, [...prefix, key])]);
}

function withValueAt(base: unknown, path: string[], value: unknown): unknown {
  const root: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  let node = root;
  for (const key of path.slice(0, -1)) {
    const child = node[key];
    node[key] = child && typeof child === "object" && !Array.isArray(child) ? { ...(child as Record<string, unknown>) } : {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
  return root;
}

const PROCEDURES = Object.entries(appRouter._def.procedures as unknown as Record<string, Procedure>);

let ctx: Context;
const sql = adminSql();

beforeAll(async () => {
  const { tenant, owner } = await makeTenant([{ role: "admin" }, { role: "member" }]);
  ctx = contextFor({ user: owner, tenant });
});
afterAll(() => sql.end({ timeout: 5 }));

type Failure = { procedure: string; input: string; problem: string };

async function attempt(procedure: string, input: unknown, expectBadRequest: boolean, failures: Failure[]) {
  const call = procedure.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], createCaller(ctx)) as (input: unknown) => Promise<unknown>;
  try {
    await call(input);
    if (expectBadRequest) failures.push({ procedure, input: describeValue(input), problem: "accepted an input its schema refuses" });
  } catch (error) {
    if (!(error instanceof TRPCError)) return failures.push({ procedure, input: describeValue(input), problem: `threw ${String(error)}` });
    if (error.code === "INTERNAL_SERVER_ERROR") return failures.push({ procedure, input: describeValue(input), problem: `INTERNAL_SERVER_ERROR: ${String(error.cause ?? error.message)}` });
    if (expectBadRequest && error.code !== "BAD_REQUEST") failures.push({ procedure, input: describeValue(input), problem: `${error.code} instead of BAD_REQUEST` });
  }
}

describe("fuzz: every tRPC procedure's input", () => {
  it("finds the procedures in the router", () => {
    expect(PROCEDURES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(PROCEDURES.map(([path, procedure]) => [path, procedure] as const))("%s: no INTERNAL_SERVER_ERROR, nothing written", async (path, procedure) => {
    const schema = procedure._def.inputs[0];
    const mutation = procedure._def.type === "mutation";
    // A mutation without input ignores it, so there is nothing hostile to send (calling it would
    // simply do its job, e.g. request an export).
    if (!schema && mutation) return;
    const before = await snapshotTables(sql);
    const failures: Failure[] = [];
    if (!schema) {
      for (const { value } of HOSTILE.slice(0, 8)) await attempt(path, value, false, failures);
    } else {
      const baseline = baselineFor(schema);
      const inputs: unknown[] = [undefined, ...HOSTILE.map((h) => h.value)];
      for (const field of fieldPaths(schema)) {
        for (const hostile of HOSTILE) {
          const input = withValueAt(baseline, field, hostile.value);
          const valid = schema.safeParse(input).success;
          if (hostile.unstorable && valid) failures.push({ procedure: path, input: describeValue(input), problem: `${field.join(".")} accepts text PostgreSQL cannot store (${hostile.label})` });
          inputs.push(input);
        }
      }
      for (const input of inputs) {
        const valid = schema.safeParse(input).success;
        if (mutation && valid) continue;
        await attempt(path, input, !valid, failures);
      }
    }
    expect(failures).toEqual([]);
    expect(changedTables(before, await snapshotTables(sql))).toEqual([]);
  });

  it("raw HTTP bodies and superjson metadata: no 5xx, no prototype pollution, nothing written", async () => {
    const deep = `${"[".repeat(50_000)}${"]".repeat(50_000)}`;
    const RAW = [
      "",
      "{",
      "null",
      "[]",
      '{"json":',
      '{"json":"\\u0000"}',
      '{"json":"\\ud800"}',
      `{"json":${deep}}`,
      '{"json":{"__proto__":{"polluted":true}}}',
      '{"json":{},"meta":{"values":{"__proto__":["undefined"]}}}',
      '{"json":{"a":{}},"meta":{"values":{"a":["map"]},"referentialEqualities":{"a":["__proto__.polluted"]}}}',
      '{"json":{"x":"1"},"meta":{"values":{"x":["bigint"]}}}',
      '{"json":{"x":"not a date"},"meta":{"values":{"x":["Date"]}}}',
      '{"json":{"x":"1"},"meta":{"values":{"x":["custom","nope"]}}}',
      '{"json":1e999}',
    ];
    const before = await snapshotTables(sql);
    const failures: string[] = [];
    for (const [path, procedure] of PROCEDURES) {
      const schema = procedure._def.inputs[0];
      const mutation = procedure._def.type === "mutation";
      if (!schema && mutation) continue;
      for (const raw of RAW) {
        if (mutation) {
          // Only what the mutation must refuse: bodies that decode to an input it accepts are skipped.
          let decoded: unknown;
          try {
            decoded = superjson.deserialize(JSON.parse(raw));
          } catch {
            decoded = Symbol("undecodable");
          }
          if (typeof decoded !== "symbol" && schema!.safeParse(decoded).success) continue;
        }
        const url = mutation ? `http://acme.localhost:3000/api/trpc/${path}` : `http://acme.localhost:3000/api/trpc/${path}?input=${encodeURIComponent(raw)}`;
        const res = await fetchRequestHandler({
          endpoint: "/api/trpc",
          req: new Request(url, { method: mutation ? "POST" : "GET", body: mutation ? raw : undefined, headers: { "content-type": "application/json" } }),
          router: appRouter,
          createContext: () => ctx,
        });
        if (res.status >= 500) failures.push(`${path} ${describeValue(raw)} -> ${res.status} ${(await res.text()).slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(changedTables(before, await snapshotTables(sql))).toEqual([]);
  });
});
