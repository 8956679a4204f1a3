import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { createCaller, appRouter } from "../server/trpc/root";
import type { Context } from "../server/trpc/context";
import { contextFor, makeTenant, makeUser } from "./factories";
import { adminSql } from "./fuzz-values";

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

/** Sends a real HTTP-shaped request through the fetch adapter. */
async function httpCall(ctx: Context, path: string, input: unknown, method: "GET" | "POST" = "POST") {
  const body = JSON.stringify({ json: input });
  const url = method === "GET"
    ? `http://acme.localhost:3000/api/trpc/${path}?input=${encodeURIComponent(body)}`
    : `http://acme.localhost:3000/api/trpc/${path}`;
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(url, { method, body: method === "POST" ? body : undefined, headers: { "content-type": "application/json" } }),
    router: appRouter,
    createContext: () => ctx,
  });
  return { status: res.status, body: (await res.json()) as { error?: { json: { message: string; data: { fieldErrors: Record<string, string[]> | null } } } } };
}

describe("tenantProcedure and permissions", () => {
  it("a non-member gets NOT_FOUND for every tenant procedure", async () => {
    const { tenant } = await makeTenant();
    const stranger = await makeUser();
    const caller = createCaller(contextFor({ user: stranger, tenant }));
    expect(await codeOf(caller.tenant.current())).toBe("NOT_FOUND");
    expect(await codeOf(caller.member.list())).toBe("NOT_FOUND");
    expect(await codeOf(caller.audit.list({}))).toBe("NOT_FOUND");
    expect(await codeOf(caller.tenant.rename({ name: "Hijacked" }))).toBe("NOT_FOUND");
  });

  it("an unknown tenant host gives NOT_FOUND, signed out gives UNAUTHORIZED", async () => {
    const user = await makeUser();
    expect(await codeOf(createCaller(contextFor({ user })).tenant.current())).toBe("NOT_FOUND");
    const { tenant } = await makeTenant();
    expect(await codeOf(createCaller(contextFor({ user: null, tenant })).tenant.current())).toBe("UNAUTHORIZED");
  });

  it("a member without the permission gets FORBIDDEN; with it, the change and its audit event land", async () => {
    const { tenant, owner, members } = await makeTenant([{ role: "member" }]);
    const member = createCaller(contextFor({ user: members[0]!.user, tenant }));
    expect(await codeOf(member.tenant.rename({ name: "Nope" }))).toBe("FORBIDDEN");
    expect(await codeOf(member.audit.list({}))).toBe("FORBIDDEN");
    expect((await member.member.list()).length).toBe(2);

    const ownerCaller = createCaller(contextFor({ user: owner, tenant }));
    await ownerCaller.tenant.rename({ name: "Renamed Co" });
    expect((await ownerCaller.tenant.current()).name).toBe("Renamed Co");
    const log = await ownerCaller.audit.list({ pageSize: 10 });
    expect(log.items[0]).toMatchObject({ action: "tenant.renamed", metadata: { from: tenant.name, to: "Renamed Co" }, ip: "203.0.113.9" });
  });

  it("bad input -> 400 with field errors over HTTP", async () => {
    const { tenant, owner } = await makeTenant();
    const ctx = contextFor({ user: owner, tenant });
    const res = await httpCall(ctx, "tenant.rename", { name: "x" });
    expect(res.status).toBe(400);
    expect(res.body.error?.json.data.fieldErrors).toEqual({ name: ["Use at least 2 characters."] });
    expect(res.body.error?.json.message).toBe("Some fields need attention.");

    const wrongType = await httpCall(ctx, "tenant.rename", { name: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error?.json.data.fieldErrors?.name?.length).toBe(1);

    const badSlug = await httpCall(contextFor({ user: owner }), "tenant.create", { name: "Good name", slug: "-bad-" });
    expect(badSlug.status).toBe(400);
    expect(badSlug.body.error?.json.data.fieldErrors?.slug?.[0]).toMatch(/lowercase letters/);
  });

  it("domain conflicts -> 409 with a field error and a suggestion", async () => {
    const { tenant, owner } = await makeTenant();
    const res = await httpCall(contextFor({ user: owner }), "tenant.create", { name: "Dup", slug: tenant.slug });
    expect(res.status).toBe(409);
    expect(res.body.error?.json.data.fieldErrors?.slug?.[0]).toContain(`${tenant.slug}-2`);
  });
});

describe("tenant.create", () => {
  it("creates a trialing tenant with the caller as owner and returns a hand-off URL to its host", async () => {
    const user = await makeUser();
    const caller = createCaller(contextFor({ user }));
    const slug = `new-${Date.now().toString(36)}`;
    const created = await caller.tenant.create({ name: "New Co", slug });
    expect(created.redirectUrl).toMatch(new RegExp(`^http://${slug}\\.localhost:3000/auth/handoff\\?token=[\\w-]{43}&next=%2Fdashboard%2Fonboarding$`));
    const mine = await caller.tenant.mine();
    expect(mine).toEqual([expect.objectContaining({ slug, role: "owner", status: "trialing" })]);
  });

  it("checkSlug explains problems and suggests a free slug", async () => {
    const { tenant, owner } = await makeTenant();
    const caller = createCaller(contextFor({ user: owner }));
    expect(await caller.tenant.checkSlug({ slug: tenant.slug })).toMatchObject({ available: false, suggestion: `${tenant.slug}-2` });
    expect(await caller.tenant.checkSlug({ slug: "admin" })).toMatchObject({ available: false, message: expect.stringMatching(/reserved/) });
    expect(await caller.tenant.checkSlug({ slug: "fresh-slug-xyz" })).toEqual({ available: true, slug: "fresh-slug-xyz" });
  });

  it("allows three workspaces an hour per user, then 429 with the wait", async () => {
    const user = await makeUser();
    const caller = createCaller(contextFor({ user, ip: "192.0.2.10" }));
    const base = `rl-${Date.now().toString(36)}`;
    for (let i = 1; i <= 3; i++) await caller.tenant.create({ name: `Co ${i}`, slug: `${base}-${i}` });
    const error = await caller.tenant.create({ name: "Co 4", slug: `${base}-4` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    expect((error as TRPCError).message).toMatch(/up to 3 workspaces an hour\. Try again in \d+ minutes?\./);
  });

  it("also limits creations per IP across users", async () => {
    const base = `ip-${Date.now().toString(36)}`;
    for (let i = 1; i <= 3; i++) {
      await createCaller(contextFor({ user: await makeUser(), ip: "192.0.2.20" })).tenant.create({ name: `Co ${i}`, slug: `${base}-${i}` });
    }
    const another = createCaller(contextFor({ user: await makeUser(), ip: "192.0.2.20" }));
    expect(await codeOf(another.tenant.create({ name: "Co 4", slug: `${base}-4` }))).toBe("TOO_MANY_REQUESTS");
  });

  it("a creation the database fails (nothing created, a 503) does not use up the allowance", async () => {
    const admin = adminSql();
    // The database failing the insert as an administrator's shutdown of the connection would.
    await admin.unsafe(`create function test_fail_tenant() returns trigger language plpgsql as $$
      begin if new.slug like 'dbfail-%' then raise exception 'injected outage' using errcode = '57P01'; end if; return new; end $$`);
    await admin.unsafe(`create trigger test_fail_tenant before insert on tenants for each row execute function test_fail_tenant()`);
    try {
      const caller = createCaller(contextFor({ user: await makeUser(), ip: "192.0.2.30" }));
      const base = `${Date.now().toString(36)}`;
      for (let i = 1; i <= 4; i++) expect(await codeOf(caller.tenant.create({ name: `Co ${i}`, slug: `dbfail-${base}-${i}` }))).toBe("SERVICE_UNAVAILABLE");
      for (let i = 1; i <= 3; i++) await caller.tenant.create({ name: `Co ${i}`, slug: `ok-${base}-${i}` });
      expect(await codeOf(caller.tenant.create({ name: "Co 4", slug: `ok-${base}-4` }))).toBe("TOO_MANY_REQUESTS");
    } finally {
      await admin.unsafe("drop trigger test_fail_tenant on tenants");
      await admin.end();
    }
  });

  it("switchTo refuses workspaces the user does not belong to", async () => {
    const { tenant } = await makeTenant();
    const caller = createCaller(contextFor({ user: await makeUser() }));
    expect(await codeOf(caller.tenant.switchTo({ slug: tenant.slug }))).toBe("NOT_FOUND");
  });
});
