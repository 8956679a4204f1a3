import { spawn } from "node:child_process";
import http from "node:http";
import { sql } from "drizzle-orm";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant } from "../server/db/with-tenant";
import { tenants } from "../server/db/schema";
import { invalidateUsageSnapshot } from "../server/usage/usage-snapshot";
import { apiTenant } from "./api-helpers";

// A real process receives a real SIGTERM right after serving API calls (and while some are in
// flight); every call it acknowledged must be counted in the database once it has exited.

async function startChild(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/shutdown-child.ts"], {
    env: { ...process.env, JOBS_IN_PROCESS: "false", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const ready = /READY (\d+)/.exec(output);
      if (ready) {
        clearInterval(timer);
        resolve(Number(ready[1]));
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`child exited early:\n${output}`));
      }
    }, 20);
  });
  return { child, port, exited, output: () => output };
}

async function apiCallsCounted(tenantId: string): Promise<number> {
  const rows = await withTenant(tenantId, (tx) =>
    tx.execute<{ quantity: string }>(sql`select quantity from usage_rollups where tenant_id = ${tenantId} and metric = 'api_calls' and granularity = 'day'`),
  );
  return rows.reduce((sum, r) => sum + Number(r.quantity), 0);
}

async function tenantWithKey() {
  const t = await apiTenant({ planId: "enterprise" });
  await withTenant(t.tenant.id, (tx) =>
    tx.update(tenants).set({ planOverrides: { limits: { apiRequestsPerMinute: "unlimited" } } }).where(eq(tenants.id, t.tenant.id)),
  );
  invalidateUsageSnapshot(t.tenant.id);
  return t;
}

describe("SIGTERM", () => {
  for (const mode of ["next start's own signal handling", "NEXT_MANUAL_SIG_HANDLE"] as const) {
    it(`flushes every counted API call before the process exits (${mode})`, async () => {
      const t = await tenantWithKey();
      const { child, port, exited, output } = await startChild(mode === "NEXT_MANUAL_SIG_HANDLE" ? { NEXT_MANUAL_SIG_HANDLE: "1" } : {});
      // One connection per call (no keep-alive), as behind most load balancers: Next's drain then
      // ends as soon as the calls in flight are answered, well within the counter's 2 s interval.
      const get = () =>
        new Promise<number>((resolve) => {
          const req = http.get({ host: "127.0.0.1", port, path: "/api/v1/entitlements", agent: false, headers: { authorization: `Bearer ${t.key.secret}` } }, (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
            res.on("error", () => resolve(0));
          });
          req.on("error", () => resolve(0));
        });

      let acknowledged = 0;
      for (let i = 0; i < 40; i++) if ((await get()) === 200) acknowledged++;
      expect(acknowledged).toBe(40);
      // A burst, and the signal while it is in flight: every call that reached the server finishes.
      const burst = Array.from({ length: 20 }, get);
      await new Promise((r) => setTimeout(r, 5));
      const signalledAt = performance.now();
      child.kill("SIGTERM");
      acknowledged += (await Promise.all(burst)).filter((status) => status === 200).length;

      const { code } = await exited;
      const exitMs = performance.now() - signalledAt;
      const counted = await apiCallsCounted(t.tenant.id);
      console.info(`shutdown (${mode}): ${acknowledged} calls acknowledged, ${counted} counted, exit ${code} after ${Math.round(exitMs)} ms`);
      expect(code, output()).toBe(0);
      expect(exitMs).toBeLessThan(3_000);
      expect(output()).toContain("shutdown: buffered writes flushed");
      expect(counted).toBe(acknowledged);
    });
  }

  for (const mode of ["next start's own signal handling", "NEXT_MANUAL_SIG_HANDLE"] as const) {
    it(`answers readiness 503 at once, finishes the request in flight, then exits 0 (${mode})`, async () => {
      const t = await tenantWithKey();
      const { child, port, exited, output } = await startChild({
        SHUTDOWN_DELAY_MS: "800",
        ...(mode === "NEXT_MANUAL_SIG_HANDLE" ? { NEXT_MANUAL_SIG_HANDLE: "1" } : {}),
      });
      // A keep-alive client (as a proxy is): its connection must not hold the drain open.
      const agent = new http.Agent({ keepAlive: true });
      try {
        expect((await call(port, "/api/health/ready")).status).toBe(200);
        const idle = await call(port, "/api/health/ready", { agent });
        expect(idle.connection).toBe("keep-alive");

        const startedAt = performance.now();
        const slow = call(port, "/slow?ms=2000", { agent });
        await new Promise((r) => setTimeout(r, 100));
        child.kill("SIGTERM");
        await new Promise((r) => setTimeout(r, 50));

        // Within the delay: not ready, but still serving, and no answer keeps its connection.
        const readiness = await call(port, "/api/health/ready");
        expect(readiness.status, output()).toBe(503);
        expect(JSON.parse(readiness.body)).toMatchObject({ ok: false, error: "shutting down" });
        const served = await call(port, "/api/v1/entitlements", { headers: { authorization: `Bearer ${t.key.secret}` } });
        expect(served.status).toBe(200);
        expect(served.connection).toBe("close");

        // After the delay the listener is closed: a new connection is refused.
        await new Promise((r) => setTimeout(r, 1_000));
        expect((await call(port, "/api/health/ready")).error).toBe("ECONNREFUSED");

        const inFlight = await slow;
        expect(inFlight.status).toBe(200);
        expect(inFlight.body).toBe("slow done");
        expect(inFlight.connection).toBe("close");
        const { code } = await exited;
        const exitMs = performance.now() - startedAt;
        expect(code, output()).toBe(0);
        // Exited once the slow request was answered, not after the keep-alive timeout (60 s).
        expect(exitMs).toBeGreaterThanOrEqual(2_000);
        expect(exitMs).toBeLessThan(4_000);
        expect(output()).toContain("shutdown: done");
      } finally {
        agent.destroy();
        if (child.exitCode === null) child.kill("SIGKILL");
      }
    });
  }

  it("bounds the drain: a request still running after SHUTDOWN_DRAIN_TIMEOUT_MS is cut off and the exit code says so", async () => {
    const { child, port, exited, output } = await startChild({ SHUTDOWN_DRAIN_TIMEOUT_MS: "500" });
    try {
      const slow = call(port, "/slow?ms=20000");
      await new Promise((r) => setTimeout(r, 100));
      const signalledAt = performance.now();
      child.kill("SIGTERM");
      const { code } = await exited;
      expect(performance.now() - signalledAt).toBeLessThan(2_000);
      expect(code, output()).toBe(1);
      expect(output()).toContain("requests still in flight when the drain timed out");
      expect(output()).toContain("shutdown: buffered writes flushed");
      expect((await slow).status).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});

type Answer = { status: number; body: string; connection?: string; error?: string };

function call(port: number, path: string, options: { agent?: http.Agent; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path, agent: options.agent ?? false, headers: options.headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
      res.on("error", () => resolve({ status: 0, body }));
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ status: 0, body: "", error: error.code }));
  });
}
