import { sql } from "drizzle-orm";
import { DrizzleQueryError } from "drizzle-orm/errors";
import net from "node:net";
import postgres from "postgres";
import { afterAll, describe, expect, it, vi } from "vitest";
import { isPostgresPatched } from "../scripts/lib/patch-postgres";
import { startDedicatedDatabase } from "./dedicated-postgres";

// This file stops and starts its own PostgreSQL server; the app's pool points at it. One pooled
// connection, so the test of a connection killed mid-transaction reuses exactly that connection.
const db = await startDedicatedDatabase();
// Route handlers read the session through Auth.js (Next's request scope): that lookup is the only stand-in.
const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: string } | null }));
vi.mock("../server/auth/current-user", async (original) => ({ ...(await original<object>()), getSessionUser: async () => session.user }));
process.env.DATABASE_URL = db.appUrl;
process.env.DATABASE_POOL_MAX = "1";

const { AppError, isDatabaseUnavailable } = await import("../server/errors");
const { getDb, closeDb } = await import("../server/db/client");
const { withTenant } = await import("../server/db/with-tenant");
const { handleTrpcRequest } = await import("../server/trpc/handler");
const usageRoute = await import("../app/api/v1/usage/route");
const healthRoute = await import("../app/api/health/route");
const { checkReadiness, resetReadinessChecks } = await import("../server/health/check-readiness");
const { stopApiCallCounter } = await import("../server/usage/api-call-counter");
const { settleLastUsedWrites } = await import("../server/api-keys/authenticate-api-key");
const { apiTenant, call } = await import("./api-helpers");
const { proxy } = await import("../proxy");
const auditExportRoute = await import("../app/t/[tenant]/dashboard/audit/export/route");
const { listAuditEvents } = await import("../server/audit/list-audit-events");
const { readTogether } = await import("../server/db/with-tenant");
const { NextRequest } = await import("next/server");

const postUsage = usageRoute.POST as never;
const event = (key: string) => ({ events: [{ metric: "units", quantity: 1, idempotencyKey: key }] });

const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);
process.on("uncaughtException", onUncaught);
process.on("unhandledRejection", onUncaught);

afterAll(async () => {
  process.off("uncaughtException", onUncaught);
  process.off("unhandledRejection", onUncaught);
  await settleLastUsedWrites();
  await stopApiCallCounter();
  await closeDb();
  await db.remove();
});

async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - started };
}

function trpcGet(host: string, path: string): Promise<Response> {
  const user = { id: "00000000-0000-4000-8000-000000000001", email: "someone@example.test", name: "Someone" };
  return handleTrpcRequest(new Request(`http://${host}/api/trpc/${path}`, { headers: { host } }), async () => user);
}

describe("while the database is down", () => {
  it("the API answers 503 unavailable with Retry-After at once, tRPC SERVICE_UNAVAILABLE, and the pool recovers by itself", async () => {
    const t = await apiTenant({ planId: "pro" });
    expect((await call(postUsage, { key: t.key.secret, body: event("before") })).status).toBe(201);
    // A second workspace whose host the proxy has looked up (and cached) before the outage.
    const known = await apiTenant({ planId: "pro" });
    const knownHost = `${known.tenant.slug}.localhost:3000`;
    const pageOf = (host: string, path: string) => proxy(new NextRequest(new URL(path, `http://${host}`), { headers: { host } }));
    expect((await pageOf(knownHost, "/dashboard")).status).toBe(200);

    await db.server.stop("fast");
    try {
      // The first call to meet the outage: tRPC's own SERVICE_UNAVAILABLE.
      const apex = await trpcGet("localhost:3000", "tenant.mine");
      expect(apex.status).toBe(503);
      expect(apex.headers.get("retry-after")).toBe("5");
      // superjson wraps the error shape in `json`.
      const apexError = ((await apex.json()) as { error: { json: { message: string; data: { code: string; retryAfterSeconds: number } } } }).error.json;
      expect(apexError.data).toMatchObject({ code: "SERVICE_UNAVAILABLE", retryAfterSeconds: 5 });
      expect(apexError.message).toMatch(/temporarily unavailable/);

      const down = await timed(() => call(postUsage, { key: t.key.secret, body: event("during") }));
      expect(down.result.status).toBe(503);
      expect(down.result.headers.get("retry-after")).toBe("5");
      expect(down.result.body?.error?.code).toBe("unavailable");
      expect(down.result.body?.error?.message).toMatch(/temporarily unavailable/);
      expect(down.ms).toBeLessThan(2_000);

      // A key the instance has not cached cannot be checked: 503, never a misleading 401.
      const unknownKey = await call(postUsage, { key: `atr_live_${"A".repeat(43)}`, body: event("x") });
      expect(unknownKey.status).toBe(503);

      // On a workspace host the context itself needs the database (tenant lookup).
      const tenantHost = await trpcGet(`${t.tenant.slug}.localhost:3000`, "tenant.mine");
      expect([tenantHost.status, tenantHost.headers.get("retry-after")]).toEqual([503, "5"]);

      expect((await healthRoute.GET()).status).toBe(503);
      // A workspace page whose host is not cached: the proxy says 503 too, not a bare 500.
      const host = `${t.tenant.slug}.localhost:3000`;
      const page = await pageOf(host, "/dashboard");
      expect([page.status, page.headers.get("retry-after")]).toEqual([503, "5"]);
      // A cached host would render and fail with a 500: after the failures above, the proxy asks
      // the database first and answers with a page that says so and tries again by itself.
      const cachedPage = await pageOf(knownHost, "/dashboard/members");
      expect([cachedPage.status, cachedPage.headers.get("retry-after"), cachedPage.headers.get("content-type")]).toEqual([503, "5", "text/html; charset=utf-8"]);
      expect(await cachedPage.text()).toMatch(/<h1>Temporarily unavailable<\/h1>.*<meta http-equiv="refresh" content="5">|<meta http-equiv="refresh" content="5">.*<h1>Temporarily unavailable<\/h1>/s);
    } finally {
      await db.server.start();
    }

    // No restart of the app: the same pool reconnects (backoff is capped at 1 s).
    const deadline = Date.now() + 5_000;
    let after = await call(postUsage, { key: t.key.secret, body: event("after") });
    while (after.status === 503 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      after = await call(postUsage, { key: t.key.secret, body: event("after") });
    }
    expect(after.status).toBe(201);
    const stored = await withTenant(t.tenant.id, (tx) =>
      tx.execute<{ idempotency_key: string }>(sql`select idempotency_key from usage_events where tenant_id = ${t.tenant.id} order by idempotency_key`),
    );
    expect(stored.map((r) => r.idempotency_key)).toEqual(["after", "before"]);
    expect(uncaught).toEqual([]);
  });
});

describe("a database that does not answer", () => {
  it("the health routes say so within about two seconds instead of waiting with it, and recover", async () => {
    resetReadinessChecks();
    // The pool's one connection busy in a transaction that does not end: as a frozen server, or
    // every connection waiting on a lock, looks to the next statement.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const isHolding = new Promise<void>((resolve) => (holding = resolve));
    const holder = getDb().transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      holding();
      await held;
    });
    await isHolding;
    try {
      const health = await timed(() => healthRoute.GET());
      expect(health.result.status).toBe(503);
      expect(health.ms).toBeGreaterThan(1_500);
      expect(health.ms).toBeLessThan(3_000);
      // Readiness asks the same probe: no second statement queues behind the first.
      const ready = await timed(() => checkReadiness());
      expect(ready.result).toMatchObject({ ready: false, reason: "database unavailable" });
      expect(ready.ms).toBeLessThan(1_000);
    } finally {
      release();
      await holder;
    }
    await expect.poll(async () => (await healthRoute.GET()).status, { timeout: 5_000, interval: 250 }).toBe(200);
  });
});

describe("a connection that dies in the middle of a transaction", () => {
  // postgres.js 3.4.9 then sends ROLLBACK into the closed socket: an uncaughtException
  // ("Cannot read properties of null (reading 'write')") and a connection whose next use waits
  // for the connect timeout. scripts/lib/patch-postgres.ts fixes it.
  it("is fixed in the installed postgres.js (the postinstall patch ran)", () => {
    expect(isPostgresPatched()).toBe(true);
  });

  it("rejects as unavailable, throws nothing uncaught, and the next query on that connection succeeds at once", async () => {
    const admin = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
    try {
      const t = await apiTenant();
      const failed = await withTenant(t.tenant.id, async (tx) => {
        const [row] = await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
        setTimeout(() => void admin`select pg_terminate_backend(${row!.pid})`.then(() => undefined), 100);
        await tx.execute(sql`select pg_sleep(5)`);
      }).catch((error: unknown) => error);
      expect(isDatabaseUnavailable(failed)).toBe(true);

      const next = await timed(() => getDb().execute(sql`select 1 as one`));
      expect(next.result[0]).toEqual({ one: 1 });
      expect(next.ms).toBeLessThan(1_000);
      // Let any write the driver scheduled with setImmediate run before looking.
      await new Promise((r) => setTimeout(r, 50));
      expect(uncaught).toEqual([]);
    } finally {
      await admin.end({ timeout: 5 });
    }
  });
});

describe("the audit CSV export when its first batch loses the database", () => {
  it("answers 503 with Retry-After, records no export and gives the download's place back", async () => {
    const admin = postgres(db.adminUrl, { max: 2, onnotice: () => {} });
    const t = await apiTenant({ planId: "pro" });
    const host = `${t.tenant.slug}.localhost:3000`;
    const download = () =>
      auditExportRoute.GET(new Request(`http://${host}/dashboard/audit/export`, { headers: { host } }), { params: Promise.resolve({ tenant: t.tenant.slug }) });
    const exported = async () => (await admin<{ n: number }[]>`select count(*)::int as n from audit_events where tenant_id = ${t.tenant.id} and action = 'audit.exported'`)[0]!.n;
    session.user = { id: t.owner.id, email: t.owner.email, name: t.owner.name };
    let unlock: () => void = () => {};
    try {
      // The log is locked, so the first batch waits on the lock (membership and plan are read
      // before it); then its connection is killed, as a server restart would.
      const locked = new Promise<void>((resolve) => {
        void admin.begin(async (tx) => {
          await tx`lock table audit_events in access exclusive mode`;
          resolve();
          await new Promise<void>((release) => (unlock = release));
        });
      });
      await locked;
      const answer = download();
      let pid: number | undefined;
      for (let i = 0; i < 100 && pid === undefined; i++) {
        const [waiting] = await admin<{ pid: number }[]>`select pid from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%from "audit_events"%' limit 1`;
        pid = waiting?.pid;
        if (pid === undefined) await new Promise((r) => setTimeout(r, 50));
      }
      expect(pid).toBeDefined();
      await admin`select pg_terminate_backend(${pid!})`;
      const res = await answer;
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(await res.text()).toMatch(/temporarily unavailable/i);
      unlock();
      expect(await exported()).toBe(0);
      // Both places are free: two downloads run to the end, each recorded once.
      const [first, second] = await Promise.all([download(), download()]);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect((await first.text()).split("\r\n")[0]).toBe("time_utc,actor,action,target,ip,user_agent,metadata");
      await second.body?.cancel();
      expect(await exported()).toBe(2);
    } finally {
      unlock();
      session.user = null;
      await admin.end({ timeout: 5 });
    }
  });
});

describe("an audit search with a pool of one connection", () => {
  it("inside a request's transaction joins it (there is no second connection to wait for)", async () => {
    const t = await apiTenant();
    const search = readTogether(t.tenant.id, () => listAuditEvents({ tenantId: t.tenant.id, pageSize: 10, filters: { q: "tenant.created" } }));
    const outcome = await Promise.race([search, new Promise<string>((resolve) => setTimeout(() => resolve("still waiting after 10 s"), 10_000).unref())]);
    expect(outcome).toMatchObject({ items: [expect.objectContaining({ action: "tenant.created" })] });
  });
});

describe("a transaction whose connection is gone", () => {
  // A network cut or a PgBouncer restart: the socket closes without a word from the server, and
  // postgres.js's own ROLLBACK then meets a connection without a socket. The patch rejects it;
  // the connection must stay usable, or a pool of one hangs on its next statement for ever.
  it("is replaced: a pool of one answers its next statement", async () => {
    const target = new URL(db.appUrl);
    const links: net.Socket[] = [];
    const relay = net.createServer((client) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      for (const socket of [client, upstream]) socket.on("error", () => {});
      client.pipe(upstream).pipe(client);
      links.push(client, upstream);
    });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    const viaRelay = new URL(db.appUrl);
    viaRelay.port = String((relay.address() as net.AddressInfo).port);
    const pool = postgres(viaRelay.toString(), { max: 1, prepare: false, onnotice: () => {} });
    try {
      await pool.unsafe("select 1");
      const failed = await pool
        .begin(async (tx) => {
          await tx.unsafe("select 1");
          for (const socket of links.splice(0)) socket.destroy();
          await new Promise((r) => setTimeout(r, 50));
          await tx.unsafe("select 2");
        })
        .catch((error: unknown) => error);
      expect(isDatabaseUnavailable(failed)).toBe(true);
      const next = await Promise.race([pool.unsafe<{ one: number }[]>("select 1 as one"), new Promise((r) => setTimeout(() => r("no answer in 3 s"), 3_000))]);
      expect(next).toEqual([{ one: 1 }]);
      expect(uncaught).toEqual([]);
    } finally {
      await pool.end({ timeout: 1 });
      relay.close();
    }
  });

  it("a statement sent on a transaction after it committed is refused, not run on a connection back in the pool", async () => {
    const pool = postgres(db.appUrl, { max: 1, prepare: false, onnotice: () => {} });
    try {
      let late: postgres.TransactionSql | undefined;
      await pool.begin(async (tx) => {
        late = tx;
        await tx.unsafe("select 1");
      });
      await expect(late!.unsafe("select 2")).rejects.toMatchObject({ code: "CONNECTION_ENDED" });
      expect(await pool.unsafe("select 3 as three")).toEqual([{ three: 3 }]);
    } finally {
      await pool.end({ timeout: 1 });
    }
  });
});

describe("isDatabaseUnavailable", () => {
  it("recognises connection failures from the socket, postgres.js and the server, also wrapped by drizzle", () => {
    const withCode = (code: string) => Object.assign(new Error(code), { code });
    // 57014 and 55P03: a statement that ran out of time or could not get its lock (another
    // transaction holds it): the request may well work in a moment, so 503 and a retry, not a 500.
    for (const code of ["ECONNREFUSED", "ECONNRESET", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "57P01", "57P02", "57P03", "08006", "08001", "53300", "57014", "55P03"]) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
    }
    expect(isDatabaseUnavailable(new DrizzleQueryError("select 1", [], withCode("CONNECTION_CLOSED")))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")]))).toBe(true);
  });

  it("does not mistake a failed statement or a domain error for an outage", () => {
    const withCode = (code: string) => Object.assign(new Error(code), { code });
    for (const code of ["23505", "42601", "22P02", "40001", "ERR_INVALID_ARG_TYPE"]) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(false);
    }
    expect(isDatabaseUnavailable(new DrizzleQueryError("insert", [], withCode("23505")))).toBe(false);
    expect(isDatabaseUnavailable(new AppError("NOT_FOUND", "x"))).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
