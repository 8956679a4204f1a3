import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { afterAll, expect, it } from "vitest";
import { startDedicatedDatabase } from "./dedicated-postgres";

// A PostgreSQL server that stalls (frozen, not down: connections stay open, nothing answers and
// nothing fails) while API calls keep coming. Each must get an answer within the API deadline
// (a 503 saying to retry), calls past the in-flight bound are refused at once, and once the
// server runs again every call works and nothing was counted twice.
const db = await startDedicatedDatabase();
process.env.DATABASE_URL = db.appUrl;
process.env.API_ANSWER_DEADLINE_MS = "1500";
process.env.API_MAX_IN_FLIGHT = "4";

const usageRoute = await import("../app/api/v1/usage/route");
const { apiCallsInFlight } = await import("../server/api/with-api-key");
const { withTenant } = await import("../server/db/with-tenant");
const { closeDb } = await import("../server/db/client");
const { stopApiCallCounter } = await import("../server/usage/api-call-counter");
const { stopRequestMinutes } = await import("../server/sla/request-minutes");
const { settleLastUsedWrites } = await import("../server/api-keys/authenticate-api-key");
const { apiTenant, call } = await import("./api-helpers");
const { sql } = await import("drizzle-orm");

const admin = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
const [directory] = await admin<{ setting: string }[]>`select setting from pg_settings where name = 'data_directory'`;
const postmaster = Number(readFileSync(path.join(directory!.setting, "postmaster.pid"), "utf8").split("\n")[0]);
await admin.end({ timeout: 5 });

/** The postmaster and every process it started (backends, writer, checkpointer…). */
function serverProcesses(): number[] {
  const children = readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

let frozen: number[] = [];
const thaw = () => {
  for (const pid of frozen) process.kill(pid, "SIGCONT");
  frozen = [];
};

afterAll(async () => {
  thaw();
  await settleLastUsedWrites();
  await stopApiCallCounter();
  await stopRequestMinutes();
  await closeDb();
  await db.remove();
});

const post = (key: string, idempotencyKey: string) => call(usageRoute.POST as never, { key, body: { metric: "units", quantity: 1, idempotencyKey } });

it("a stalled database: calls answer 503 within the deadline, the rest are refused at once, and all works again after", { timeout: 60_000 }, async () => {
  const t = await apiTenant({ planId: "pro" });
  expect((await post(t.key.secret, "before")).status).toBe(201);

  frozen = serverProcesses();
  for (const pid of frozen) process.kill(pid, "SIGSTOP");
  try {
    const started = performance.now();
    const waiting = Array.from({ length: 4 }, (_, i) => post(t.key.secret, `during-${i}`));
    // While those four wait on the frozen server, a fifth is refused at once.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(apiCallsInFlight()).toBe(4);
    const refusedAt = performance.now();
    const refused = await post(t.key.secret, "refused");
    expect(performance.now() - refusedAt).toBeLessThan(500);
    expect(refused.status).toBe(503);
    expect(refused.body?.error?.message).toMatch(/^Too many API calls are waiting on Atrium right now\. Retry in a few seconds/);
    const answers = await Promise.all(waiting);
    const waited = performance.now() - started;
    expect(answers.map((a) => a.status)).toEqual([503, 503, 503, 503]);
    expect(answers[0]!.headers.get("retry-after")).toBe("5");
    expect(answers[0]!.body?.error).toMatchObject({ code: "unavailable", message: expect.stringMatching(/^Atrium did not answer within 1\.5 s\./) });
    expect(waited).toBeGreaterThanOrEqual(1400);
    expect(waited).toBeLessThan(4000);
  } finally {
    thaw();
  }

  // Running again: the late work finishes, and every call sent again is answered, each event once.
  await expect.poll(() => apiCallsInFlight(), { timeout: 20_000 }).toBe(0);
  for (const key of ["during-0", "during-1", "during-2", "during-3", "refused", "after"]) {
    expect([200, 201]).toContain((await post(t.key.secret, key)).status);
  }
  const [row] = await withTenant(t.tenant.id, (tx) => tx.execute<{ n: string }>(sql`select count(*)::bigint as n from usage_events where tenant_id = ${t.tenant.id}`));
  expect(Number(row!.n)).toBe(7);
});
