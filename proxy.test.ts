import postgres from "postgres";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import { makeTenant } from "./test/factories";

// A long TTL here, so the test can see the cache work (env is parsed on first use).
process.env.TENANT_CACHE_TTL_MS = "60000";
const { proxy } = await import("./proxy");
const { invalidateTenantCache } = await import("./server/tenants/tenant-cache");

function request(host: string, path: string, init: { method?: string; headers?: Record<string, string> } = {}): NextRequest {
  return new NextRequest(new URL(path, `http://${host}`), { method: init.method, headers: { host, ...init.headers } });
}

function rewriteOf(res: Response): string | null {
  const target = res.headers.get("x-middleware-rewrite");
  return target ? new URL(target).pathname + new URL(target).search : null;
}

// A superuser connection stands in for a change made elsewhere (another instance, an operator).
const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
afterAll(() => admin.end({ timeout: 5 }));

describe("proxy", () => {
  it("serves the apex marketing pages from their built locale and hides internal routes there", async () => {
    // English at the plain addresses (built at /en/…), German under /de as it is.
    expect(rewriteOf(await proxy(request("localhost:3000", "/pricing")))).toBe("/en/pricing");
    expect(rewriteOf(await proxy(request("localhost:3000", "/?accountDeleted=1")))).toBe("/en?accountDeleted=1");
    expect(rewriteOf(await proxy(request("localhost:3000", "/de/pricing")))).toBeNull();
    expect(rewriteOf(await proxy(request("localhost:3000", "/workspaces")))).toBeNull();
    // /en/… is not an address of its own: a permanent redirect to the plain one, query kept.
    const english = await proxy(request("localhost:3000", "/en/sign-in?next=/new"));
    expect(english.status).toBe(308);
    expect(new URL(english.headers.get("location")!).pathname + new URL(english.headers.get("location")!).search).toBe("/sign-in?next=/new");
    // Someone who chose German is sent to the German page; the redirect is never cached.
    const chosen = await proxy(request("localhost:3000", "/pricing", { headers: { cookie: "atrium-locale=de" } }));
    expect(chosen.status).toBe(307);
    expect(new URL(chosen.headers.get("location")!).pathname).toBe("/de/pricing");
    expect(chosen.headers.get("cache-control")).toBe("private, no-store");
    // A bad cookie value is ignored; a form posted to a plain address reaches the built page.
    expect(rewriteOf(await proxy(request("localhost:3000", "/pricing", { headers: { cookie: "atrium-locale=../../x" } })))).toBe("/en/pricing");
    expect(rewriteOf(await proxy(request("localhost:3000", "/sign-in", { method: "POST", headers: { cookie: "atrium-locale=de", origin: "http://localhost:3000" } })))).toBe("/en/sign-in");
    // next-intl's own locale header never comes from the client.
    const forged = await proxy(request("localhost:3000", "/workspaces", { headers: { "x-next-intl-locale": "de" } }));
    expect(forged.headers.get("x-middleware-request-x-next-intl-locale")).toBeNull();
    expect(forged.headers.get("x-middleware-request-content-security-policy")).not.toBeNull();
    // Spelled with percent-escapes too: Next.js decodes them before routing (these were 500s).
    for (const path of ["/t/acme/dashboard", "/t/acme", "/admin", "/status/tenant-suspended", "/status-page", "/status-page/unsubscribe", "/%61dmin", "/a%64min/workspaces", "/%73tatus-page", "/%74/acme/dashboard", "/status%2Ftenant-suspended", "/%5Blocale%5D", "/%5Blocale%5D/pricing"]) {
      const res = await proxy(request("localhost:3000", path));
      expect(res.status, path).toBe(404);
      expect(rewriteOf(res), path).toBe("/status/not-found");
    }
  });

  it("rewrites a tenant host to the internal route, keeping the query string", async () => {
    const { tenant } = await makeTenant();
    const res = await proxy(request(`${tenant.slug}.localhost:3000`, "/dashboard/audit?page=2"));
    expect(rewriteOf(res)).toBe(`/t/${tenant.slug}/dashboard/audit?page=2`);
    expect(rewriteOf(await proxy(request(`${tenant.slug.toUpperCase()}.LOCALHOST.:3000`, "/")))).toBe(`/t/${tenant.slug}`);
  });

  it("leaves API and hand-off routes alone on tenant hosts", async () => {
    const { tenant } = await makeTenant();
    for (const path of ["/api/trpc/tenant.current", "/auth/handoff?token=x"]) {
      expect(rewriteOf(await proxy(request(`${tenant.slug}.localhost:3000`, path))), path).toBeNull();
    }
  });

  it("answers 404 for unknown or invalid workspace hosts", async () => {
    for (const host of ["nobody-here.localhost:3000", "a.b.localhost:3000", "api.localhost:3000", "portal.example.org"]) {
      const res = await proxy(request(host, "/dashboard"));
      expect(res.status, host).toBe(404);
      expect(rewriteOf(res), host).toBe("/status/tenant-not-found");
    }
  });

  it("routes admin. to the operator surface", async () => {
    expect(rewriteOf(await proxy(request("admin.localhost:3000", "/")))).toBe("/admin");
    // The visible address travels along (sign-in comes back to it); a client's own value is replaced.
    const res = await proxy(request("admin.localhost:3000", "/workspaces/x?q=acme", { headers: { "x-atrium-path": "//evil.example" } }));
    expect(rewriteOf(res)).toBe("/admin/workspaces/x?q=acme");
    expect(res.headers.get("x-middleware-request-x-atrium-path")).toBe("/workspaces/x?q=acme");
  });

  it("routes status. to the public status page (no workspace can be called status)", async () => {
    expect(rewriteOf(await proxy(request("status.localhost:3000", "/")))).toBe("/status-page");
    expect(rewriteOf(await proxy(request("STATUS.localhost:3000", "/unsubscribe?s=a&t=b")))).toBe("/status-page/unsubscribe?s=a&t=b");
    // Readiness and the rest of /api stay shared.
    expect(rewriteOf(await proxy(request("status.localhost:3000", "/api/health/ready")))).toBeNull();
    const { platformSlugProblem } = await import("./server/tenants/reserved-slugs");
    expect(platformSlugProblem("status")).not.toBeNull();
    // Other hosts never reach it.
    const { tenant } = await makeTenant();
    expect(rewriteOf(await proxy(request(`${tenant.slug}.localhost:3000`, "/status-page")))).toBe(`/t/${tenant.slug}/status-page`);
    expect(rewriteOf(await proxy(request("admin.localhost:3000", "/status-page")))).toBe("/admin/status-page");
  });

  it("caches the lookup, shows the suspended page once invalidated", async () => {
    const { tenant } = await makeTenant();
    const host = `${tenant.slug}.localhost:3000`;
    expect(rewriteOf(await proxy(request(host, "/dashboard")))).toBe(`/t/${tenant.slug}/dashboard`);
    await admin`update tenants set status = 'suspended' where id = ${tenant.id}`;
    // Still cached: no query, old answer.
    expect(rewriteOf(await proxy(request(host, "/dashboard")))).toBe(`/t/${tenant.slug}/dashboard`);
    invalidateTenantCache(tenant.slug);
    const res = await proxy(request(host, "/dashboard"));
    expect(res.status).toBe(403);
    expect(rewriteOf(res)).toBe("/status/tenant-suspended");
  });

  it("a status change drops the cached host as soon as it commits (a customer who just paid is not shown the notice)", async () => {
    const { withTenant } = await import("./server/db/with-tenant");
    const { transitionTenantStatus } = await import("./server/billing/transition-tenant-status");
    const { tenants } = await import("./server/db/schema");
    const { tenant } = await makeTenant();
    const host = `${tenant.slug}.localhost:3000`;
    expect(rewriteOf(await proxy(request(host, "/dashboard")))).toBe(`/t/${tenant.slug}/dashboard`); // cached now (TTL 60 s)
    await withTenant(tenant.id, async (tx) => {
      const [row] = await tx.select().from(tenants);
      await transitionTenantStatus(tx, { tenant: row!, to: "suspended", reason: "test", cause: "test", source: "system", meta: { ip: null, userAgent: "test" } });
    });
    const res = await proxy(request(host, "/dashboard"));
    expect([res.status, rewriteOf(res)]).toEqual([403, "/status/tenant-suspended"]);
  });

  it("a suspended or cancelled workspace serves exactly what the workspace policy lets it (sign-in, Billing, data export)", async () => {
    for (const status of ["suspended", "cancelled"]) {
      const { tenant } = await makeTenant();
      await admin`update tenants set status = ${status}::tenant_status where id = ${tenant.id}`;
      invalidateTenantCache(tenant.slug);
      const host = `${tenant.slug}.localhost:3000`;
      for (const path of ["/sign-in", "/dashboard/billing", "/dashboard/billing/checkout/x", "/dashboard/settings/data"]) {
        expect(rewriteOf(await proxy(request(host, path))), `${status} ${path}`).toBe(`/t/${tenant.slug}${path}`);
      }
      for (const path of ["/", "/dashboard", "/dashboard/members", "/dashboard/settings", "/dashboard/billingx", "/dashboard/api-keys"]) {
        const res = await proxy(request(host, path));
        expect([res.status, rewriteOf(res)], `${status} ${path}`).toEqual([403, "/status/tenant-suspended"]);
      }
    }
  });

  it("refuses cross-site and origin-less state changes on every host (server actions, tRPC, route handlers)", async () => {
    const { tenant } = await makeTenant();
    const host = `${tenant.slug}.localhost:3000`;
    const action = { "next-action": "7f00", "content-type": "text/plain" };
    for (const [h, path] of [
      ["localhost:3000", "/sign-in"],
      [host, "/dashboard/settings"],
      [host, "/dashboard/settings/logo"],
      [host, "/api/trpc/tenant.rename"],
      ["portal.example.org", "/"],
    ] as const) {
      for (const headers of [{ ...action, origin: "http://evil.example" }, { ...action, origin: `https://${h}` }, action, { ...action, "sec-fetch-site": "cross-site" }]) {
        const res = await proxy(request(h, path, { method: "POST", headers }));
        expect(res.status, `${h}${path} ${JSON.stringify(headers)}`).toBe(403);
      }
      const json = await proxy(request(h, "/api/trpc/tenant.rename", { method: "POST", headers: { origin: "http://evil.example" } }));
      expect(await json.json()).toEqual({ error: { code: "forbidden", message: "Cross-site request refused." } });
    }
    const same = await proxy(request(host, "/dashboard/settings", { method: "POST", headers: { ...action, origin: `http://${host}` } }));
    expect(same.status).toBe(200);
    expect(rewriteOf(same)).toBe(`/t/${tenant.slug}/dashboard/settings`);
    const fetchMeta = await proxy(request("localhost:3000", "/sign-in", { method: "POST", headers: { "sec-fetch-site": "same-origin" } }));
    expect(fetchMeta.status).toBe(200);
    // API keys and signed webhooks carry no cookies: no Origin needed.
    for (const path of ["/api/v1/usage", "/api/webhooks/stripe"]) {
      expect((await proxy(request("localhost:3000", path, { method: "POST" }))).status, path).toBe(200);
    }
  });

  it("answers malformed percent-encoding with 400 and unknown methods with 405, on the apex, tenant hosts and /api", async () => {
    const { tenant } = await makeTenant();
    for (const host of ["localhost:3000", `${tenant.slug}.localhost:3000`, "portal.example.org", "admin.localhost:3000"]) {
      for (const path of ["/dashboard/%E0%A4%A", "/%", "/api/v1/entitlements/%ZZ", "/api/trpc/%C0%AF", "/sign-in/%"]) {
        const res = await proxy(request(host, path));
        expect(res.status, `${host}${path}`).toBe(400);
        expect(res.headers.get("x-middleware-rewrite"), `${host}${path}`).toBeNull();
      }
      for (const method of ["PROPFIND", "MKCOL", "LOCK", "SEARCH"]) {
        const res = await proxy(request(host, "/api/v1/usage", { method, headers: { origin: `http://${host}` } }));
        expect(res.status, `${method} ${host}`).toBe(405);
        expect(res.headers.get("allow")).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      }
    }
    const api = await proxy(request("localhost:3000", "/api/v1/entitlements/%ZZ"));
    expect(await api.json()).toEqual({ error: { code: "bad_request", message: "The address contains malformed percent-encoding." } });
    // Well-formed escapes pass.
    expect((await proxy(request(`${tenant.slug}.localhost:3000`, "/dashboard/%E2%9C%93"))).status).toBe(200);
  });
  it("refuses Next's own follow-up fetch of an action's redirect (it reaches the wrong host); a browser's RSC requests pass", async () => {
    const { tenant } = await makeTenant();
    const host = `${tenant.slug}.localhost:3000`;
    // What Next sends after a server action redirects: the action's headers, RSC asked for, no router state.
    for (const type of ["multipart/form-data; boundary=----x", "text/plain;charset=UTF-8"]) {
      const followUp = await proxy(request("localhost:3000", "/dashboard?_rsc=abc", { headers: { "content-type": type, accept: "text/x-component", origin: `http://${host}` } }));
      expect(followUp.status, type).toBe(204);
      expect(followUp.headers.get("x-middleware-rewrite"), type).toBeNull();
    }
    // A browser's soft navigation carries no Content-Type: routed as ever; so is the action's own POST.
    const navigation = await proxy(request(host, "/dashboard?_rsc=abc", { headers: { accept: "text/x-component", "next-router-state-tree": "%5B%22%22%5D" } }));
    expect(navigation.headers.get("x-middleware-rewrite")).toContain(`/t/${tenant.slug}/dashboard`);
    const action = await proxy(request(host, "/dashboard", { method: "POST", headers: { accept: "text/x-component", "content-type": "text/plain;charset=UTF-8", origin: `http://${host}`, "next-action": "abc" } }));
    expect(action.status).not.toBe(204);
    expect(action.headers.get("x-middleware-rewrite")).toContain(`/t/${tenant.slug}/dashboard`);
    const page = await proxy(request(host, "/dashboard"));
    expect(page.headers.get("x-middleware-rewrite")).toContain(`/t/${tenant.slug}/dashboard`);
  });

  it("read-only support access: state changes refused on the host, but its way out works even in a suspended or cancelled workspace", async () => {
    const { encode } = await import("next-auth/jwt");
    const { requireAuthSecret } = await import("./server/env");
    const { sessionCookieName } = await import("./server/auth/session-token");
    const { READ_ONLY_SUPPORT_MESSAGE } = await import("./server/support/support-access");
    for (const status of ["active", "suspended", "cancelled"]) {
      const { tenant } = await makeTenant();
      await admin`update tenants set status = ${status}::tenant_status where id = ${tenant.id}`;
      invalidateTenantCache(tenant.slug);
      const host = `${tenant.slug}.localhost:3000`;
      const sup = { g: "00000000-0000-4000-8000-000000000001", t: tenant.id, w: false, x: Math.floor(Date.now() / 1000) + 1800 };
      const token = await encode({ token: { sub: "00000000-0000-4000-8000-000000000002", sv: 1, sid: "00000000-0000-4000-8000-000000000003", host: `${tenant.slug}.localhost`, email: "op@example.test", sup }, secret: requireAuthSecret(), salt: sessionCookieName(), maxAge: 3600 });
      const headers = { origin: `http://${host}`, cookie: `${sessionCookieName()}=${token}`, "next-action": "7f00" };
      const write = await proxy(request(host, "/dashboard/billing", { method: "POST", headers }));
      expect([write.status, await write.text()], `${status}: a server action`).toEqual([403, READ_ONLY_SUPPORT_MESSAGE]);
      // "End support access" (the banner, the account menu) reaches its route whatever the status.
      const end = await proxy(request(host, "/dashboard/support/end", { method: "POST", headers: { origin: headers.origin, cookie: headers.cookie } }));
      expect([end.status, rewriteOf(end)], `${status}: ending support access`).toEqual([200, `/t/${tenant.slug}/dashboard/support/end`]);
    }
  });
});
