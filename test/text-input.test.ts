import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPCError } from "@trpc/server";
import { describe, expect, it, vi } from "vitest";
import * as usageRoute from "../app/api/v1/usage/route";
import { displayNameProblem, unstorableTextProblem } from "../lib/text";
import { ZAuditFilters } from "../server/audit/audit-filters";
import { authenticateUser } from "../server/users/authenticate-user";
import { ZEmail, ZPassword, ZPersonName } from "../server/users/schemas";
import type { Context } from "../server/trpc/context";
import { appRouter, createCaller } from "../server/trpc/root";
import { apiTenant, call } from "./api-helpers";
import { contextFor, makeTenant, TEST_META } from "./factories";

// The audit CSV export reads the session through Auth.js, which needs Next's request scope; the
// session lookup is the only stand-in here (tenant, membership, entitlements and SQL are real).
const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: string } | null }));
vi.mock("../server/auth/current-user", () => ({ getSessionUser: async () => session.user }));
const { GET: exportAuditCsvRoute } = await import("../app/t/[tenant]/dashboard/audit/export/route");

const NUL = "a\u0000b";
const LONE_HIGH = "a\ud800b";
const LONE_LOW = "\udc00";

async function trpcError(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** Over the fetch adapter, so the status and the field errors are what a browser gets. */
async function httpMutation(ctx: Context, path: string, rawJson: string) {
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(`http://acme.localhost:3000/api/trpc/${path}`, { method: "POST", body: rawJson, headers: { "content-type": "application/json" } }),
    router: appRouter,
    createContext: () => ctx,
  });
  return { status: res.status, body: (await res.json()) as { error?: { json: { message: string; data: { fieldErrors: Record<string, string[]> | null } } } } };
}

describe("text PostgreSQL cannot store", () => {
  it("the shared checks name NUL and lone surrogates, and accept real text", () => {
    expect(unstorableTextProblem(NUL)).toMatch(/NUL/);
    expect(unstorableTextProblem(LONE_HIGH)).toMatch(/U\+D800/);
    expect(unstorableTextProblem(LONE_LOW)).toMatch(/U\+DC00/);
    expect(unstorableTextProblem("\ud83d")).toMatch(/U\+D83D/);
    for (const ok of ["plain", "Zoë & Co", "👩‍👩‍👧 family", "日本語", "עברית", "'; drop table users; --", "<script>"]) {
      expect(unstorableTextProblem(ok)).toBeNull();
    }
  });

  it("usage ingest: NUL or a lone surrogate in idempotencyKey is a 400 naming the field", async () => {
    const t = await apiTenant({ planId: "pro" });
    const nul = await call(usageRoute.POST as never, { key: t.key.secret, body: { events: [{ metric: "units", quantity: 1, idempotencyKey: NUL }] } });
    expect(nul.status).toBe(400);
    expect(nul.body?.error).toMatchObject({ code: "invalid_request", field: "events.0.idempotencyKey" });
    expect(nul.body?.error?.message).toMatch(/NUL/);
    // A JSON escape of half a surrogate pair, exactly as a client would send it.
    const surrogate = await call(usageRoute.POST as never, { key: t.key.secret, rawBody: '{"metric":"units","quantity":1,"idempotencyKey":"k-\\ud800"}', headers: { "content-type": "application/json" } });
    expect(surrogate.status).toBe(400);
    expect(surrogate.body?.error?.field).toBe("idempotencyKey");
    const metric = await call(usageRoute.POST as never, { key: t.key.secret, rawBody: '{"metric":"units\\u0000","quantity":1,"idempotencyKey":"k1"}', headers: { "content-type": "application/json" } });
    expect(metric.status).toBe(400);
    expect(metric.body?.error?.field).toBe("metric");
  });

  it("workspace rename: NUL and lone surrogates are 400 with a field error, over HTTP too", async () => {
    const { tenant, owner } = await makeTenant();
    const caller = createCaller(contextFor({ user: owner, tenant }));
    expect((await trpcError(caller.tenant.rename({ name: `Acme ${NUL}` }))).code).toBe("BAD_REQUEST");
    const res = await httpMutation(contextFor({ user: owner, tenant }), "tenant.rename", '{"json":{"name":"Acme \\ud800"}}');
    expect(res.status).toBe(400);
    expect(res.body.error?.json.data.fieldErrors?.name?.[0]).toMatch(/U\+D800/);
    expect((await caller.tenant.current()).name).toBe(tenant.name);
  });

  it("audit search: NUL in q is a 400, in the tRPC query and in the CSV export", async () => {
    const { tenant, owner } = await makeTenant();
    const caller = createCaller(contextFor({ user: owner, tenant }));
    const error = await trpcError(caller.audit.list({ filters: { q: NUL } }));
    expect(error.code).toBe("BAD_REQUEST");
    expect((await trpcError(caller.audit.list({ filters: { q: LONE_HIGH } }))).code).toBe("BAD_REQUEST");
    expect(ZAuditFilters.safeParse({ q: LONE_LOW }).success).toBe(false);

    session.user = { id: owner.id, email: owner.email, name: owner.name };
    const exportUrl = (q: string) => `http://${tenant.slug}.localhost:3000/dashboard/audit/export?${new URLSearchParams({ q })}`;
    const params = { params: Promise.resolve({ tenant: tenant.slug }) };
    // A trial is Pro, which includes the export.
    const ok = await exportAuditCsvRoute(new Request(exportUrl("created"), { headers: { host: `${tenant.slug}.localhost:3000` } }), params);
    expect(ok.status).toBe(200);
    const bad = await exportAuditCsvRoute(new Request(exportUrl(NUL), { headers: { host: `${tenant.slug}.localhost:3000` } }), params);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/^q: .*NUL/);
    const surrogate = await exportAuditCsvRoute(new Request(`${exportUrl("x")}&q=%ED%A0%80`, { headers: { host: `${tenant.slug}.localhost:3000` } }), params);
    // %ED%A0%80 is UTF-8-ish for U+D800; URL decoding makes it U+FFFD, which is storable.
    expect(surrogate.status).toBe(200);
    session.user = null;
  });

  it("sign-up fields and sign-in refuse unstorable text without a server error", async () => {
    expect(ZEmail.safeParse(`a${NUL}@example.test`).success).toBe(false);
    expect(ZPassword.safeParse(`long enough ${LONE_HIGH}`).error?.issues[0]?.message).toMatch(/U\+D800/);
    // Ten spaces or one key held down is no password; a long one with few letters still is.
    for (const weak of [" ".repeat(10), "a".repeat(12), "abababababab", " \t ".repeat(4)]) expect(ZPassword.safeParse(weak).error?.issues[0]?.message, JSON.stringify(weak)).toMatch(/more than one or two different characters/);
    expect(ZPassword.safeParse("abcabcabcabc").success).toBe(true);
    expect(ZPersonName.safeParse(NUL).success).toBe(false);
    // The throttle keys are stored as text: a NUL in the email used to fail inside that query.
    expect(await authenticateUser({ email: `x${NUL}@example.test`, password: "whatever-long", ip: TEST_META.ip })).toBeNull();
  });
});

describe("display names refuse direction controls and invisible characters", () => {
  it("the shared check explains which character and why", () => {
    expect(displayNameProblem("Acme\u202Egnp.exe")).toMatch(/text-direction character \(U\+202E\)/);
    for (const bidi of ["\u202A", "\u202B", "\u202C", "\u202D", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"]) {
      expect(displayNameProblem(`a${bidi}b`)).toMatch(/text-direction/);
    }
    expect(displayNameProblem("a\u200Bb")).toMatch(/invisible character \(U\+200B\)/);
    expect(displayNameProblem("a\u0007b")).toMatch(/control character \(U\+0007\)/);
    expect(displayNameProblem("line\nbreak")).toMatch(/control character/);
    expect(displayNameProblem("\u3164")).toMatch(/invisible/);
    // What a browser sends for a lone surrogate typed into a form.
    expect(displayNameProblem("Bad \uFFFD name")).toMatch(/broken character \(U\+FFFD/);
    for (const ok of ["Zoë O'Brien", "José & Søn", "👨‍👩‍👧 Family", "مرحبا", "שלום עולם", "میخواهم", "東京"]) {
      expect(displayNameProblem(ok)).toBeNull();
    }
  });

  it("user, workspace and API key names are refused with a readable message", async () => {
    expect(ZPersonName.safeParse("Eve\u202E").error?.issues[0]?.message).toMatch(/text-direction/);
    const { tenant, owner } = await makeTenant();
    const caller = createCaller(contextFor({ user: owner, tenant }));
    const rename = await trpcError(caller.tenant.rename({ name: "Acme\u202Egnp.exe" }));
    expect(rename.code).toBe("BAD_REQUEST");
    const http = await httpMutation(contextFor({ user: owner, tenant }), "tenant.rename", JSON.stringify({ json: { name: "Acme \u2066Corp" } }));
    expect(http.status).toBe(400);
    expect(http.body.error?.json.data.fieldErrors?.name?.[0]).toMatch(/text-direction character \(U\+2066\)/);
    const created = await trpcError(createCaller(contextFor({ user: owner })).tenant.create({ name: "\u200B\u200B", slug: `z-${Date.now().toString(36)}` }));
    expect(created.code).toBe("BAD_REQUEST");
    expect((await trpcError(caller.apiKey.create({ name: "prod\u202E", scopes: ["usage:read"], expiresInDays: null }))).code).toBe("BAD_REQUEST");
    // Real names in any script still work.
    await caller.tenant.rename({ name: "שלום Acme 🚀" });
    expect((await caller.tenant.current()).name).toBe("שלום Acme 🚀");
  });
});
