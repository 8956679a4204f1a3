import { expect, test } from "@playwright/test";
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import postgres from "postgres";
import { startEmbeddedPostgres } from "../scripts/lib/embedded-postgres";
import { startOwnServer } from "./own-server";

// `npm start` for real (launcher, embedded PostgreSQL, the standalone server), stopped with SIGTERM
// right after answering API calls: the API-call counter must be flushed before Next exits, and
// PostgreSQL stopped only after that. Counted afterwards by starting the database again.

const CALLS = 120;

function get(port: number, secret: string): Promise<number> {
  return new Promise((resolve) => {
    // One connection per call (no keep-alive), as behind most load balancers.
    const req = http.get({ host: "127.0.0.1", port, path: "/api/v1/entitlements", agent: false, headers: { authorization: `Bearer ${secret}` } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", () => resolve(0));
  });
}

async function apiCallsToday(sql: postgres.Sql, tenantId: string): Promise<number> {
  const [row] = await sql<{ quantity: string }[]>`
    select coalesce(sum(quantity), 0)::text as quantity from usage_rollups
    where tenant_id = ${tenantId} and metric = 'api_calls' and granularity = 'day' and bucket_start = date_trunc('day', now(), 'UTC')`;
  return Number(row!.quantity);
}

test("SIGTERM to `npm start` (the standalone server) flushes every counted API call before PostgreSQL stops", async () => {
  test.setTimeout(180_000);
  const own = await startOwnServer();
  const { port, launcher, exited, output } = own;

  try {
    // An API key for the seeded workspace, written the way the app stores it (SHA-256 of the secret).
    const secret = `atr_live_${randomBytes(32).toString("base64url")}`;
    const admin = postgres(own.adminUrl, { max: 1, onnotice: () => {} });
    let tenantId: string;
    let before: number;
    try {
      tenantId = (await admin<{ id: string }[]>`select id from tenants where slug = 'acme'`)[0]!.id;
      await admin`update tenants set plan_overrides = '{"limits":{"apiRequestsPerMinute":"unlimited","apiCallsPerMonth":"unlimited"}}' where id = ${tenantId}`;
      await admin`insert into api_keys (tenant_id, name, prefix, key_hash, scopes)
        values (${tenantId}, 'shutdown test', ${secret.slice(0, 15)}, ${createHash("sha256").update(secret).digest("hex")}, ${["usage:read"]})`;
      before = await apiCallsToday(admin, tenantId);
    } finally {
      await admin.end({ timeout: 5 });
    }

    let acknowledged = 0;
    for (let i = 0; i < CALLS; i++) if ((await get(port, secret)) === 200) acknowledged++;
    expect(acknowledged).toBe(CALLS);

    const signalledAt = Date.now();
    launcher.kill("SIGTERM");
    const exitCode = await exited;
    const exitMs = Date.now() - signalledAt;

    const server = await startEmbeddedPostgres({ dataDir: own.pgDataDir, port: own.pgPort });
    const check = postgres(own.adminUrl, { max: 1, onnotice: () => {} });
    let counted: number;
    try {
      counted = (await apiCallsToday(check, tenantId)) - before;
    } finally {
      await check.end({ timeout: 5 });
      await server.stop();
    }
    console.info(`shutdown e2e: ${acknowledged} calls acknowledged, ${counted} counted; launcher exited (${exitCode}) ${exitMs} ms after SIGTERM`);
    expect(counted).toBe(acknowledged);
    expect(exitCode, output()).toBe(0);
    expect(output()).toContain("shutdown: buffered writes flushed");
    // Nothing still connected when PostgreSQL stops (the launcher's own seeding pools included).
    expect(output()).not.toContain("terminating connection due to administrator command");
  } finally {
    await own.dispose();
  }
});

type Answer = { status: number; body: string; connection?: string; error?: string };

function send(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: { first: string; rest: Promise<string> }): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request({ host: "127.0.0.1", port, path, method, agent: false, headers }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text, connection: res.headers.connection }));
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ status: 0, body: "", error: error.code }));
    if (!body) return void req.end();
    req.write(body.first);
    void body.rest.then((rest) => req.end(rest));
  });
}

test("SIGTERM: readiness answers 503 at once, the request in flight completes, the server exits 0", async () => {
  test.setTimeout(180_000);
  // A load balancer polling readiness gets 1.5 s to stop sending before the listener closes.
  const own = await startOwnServer({ SHUTDOWN_DELAY_MS: "1500" });
  const { port, launcher, exited, output } = own;
  try {
    const secret = `atr_live_${randomBytes(32).toString("base64url")}`;
    const admin = postgres(own.adminUrl, { max: 1, onnotice: () => {} });
    try {
      const [tenant] = await admin<{ id: string }[]>`select id from tenants where slug = 'acme'`;
      await admin`insert into api_keys (tenant_id, name, prefix, key_hash, scopes)
        values (${tenant!.id}, 'shutdown test', ${secret.slice(0, 15)}, ${createHash("sha256").update(secret).digest("hex")}, ${["usage:write"]})`;
    } finally {
      await admin.end({ timeout: 5 });
    }
    expect((await send(port, "GET", "/api/health/ready")).status).toBe(200);

    // A usage report whose body is still arriving when the signal comes: in flight on the server.
    const payload = JSON.stringify({ events: [{ metric: "units", quantity: 3, idempotencyKey: `shutdown-${randomBytes(4).toString("hex")}` }] });
    let sendRest!: (rest: string) => void;
    const inFlight = send(
      port,
      "POST",
      "/api/v1/usage",
      { authorization: `Bearer ${secret}`, "content-type": "application/json", "content-length": String(Buffer.byteLength(payload)) },
      { first: payload.slice(0, 10), rest: new Promise((resolve) => (sendRest = resolve)) },
    );
    await new Promise((r) => setTimeout(r, 300));
    const signalledAt = Date.now();
    launcher.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 100));

    const readiness = await send(port, "GET", "/api/health/ready");
    expect(readiness.status, output()).toBe(503);
    expect(JSON.parse(readiness.body)).toMatchObject({ ok: false, error: "shutting down" });
    expect((await send(port, "GET", "/api/health/live")).status).toBe(200);

    sendRest(payload.slice(10));
    const answer = await inFlight;
    expect(answer.status, answer.body).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ accepted: 1 });
    expect(answer.connection).toBe("close");

    // Once the delay is over the listener is closed, and the launcher exits cleanly.
    await new Promise((r) => setTimeout(r, Math.max(0, signalledAt + 2_000 - Date.now())));
    expect((await send(port, "GET", "/api/health/ready")).error).toBe("ECONNREFUSED");
    expect(await exited, output()).toBe(0);
    expect(output()).toContain("shutdown: signal received; readiness answers 503");
    expect(output()).toContain("shutdown: done");
  } finally {
    await own.dispose();
  }
});
