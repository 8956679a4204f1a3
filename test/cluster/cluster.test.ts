// Two app instances and one worker against one PostgreSQL (through PgBouncer in transaction
// mode) and one Redis, behind a round-robin proxy: what a multi-instance deployment must hold.
// Runs after the production build (`npm test` runs it; alone: `npm run test:cluster`).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import PgBoss from "pg-boss";
import postgres from "postgres";
import { request, signedInCookie } from "../../bench/session";
import { startCluster, type Cluster, type Instance } from "./cluster";

const DEMO_PASSWORD = "atrium-demo-1234";

let cluster: Cluster;
let acmeCookie: string;
let globexCookie: string;

const tenantUrl = (slug: string, pathname: string) => `http://${slug}.${cluster.root}${pathname}`;

/** A tRPC mutation on a workspace host, through the proxy, from the workspace's own origin. */
async function mutate<T>(slug: string, cookie: string, procedure: string, input: unknown): Promise<T> {
  const answer = await request(cluster.port, tenantUrl(slug, `/api/trpc/${procedure}`), {
    method: "POST",
    headers: { "content-type": "application/json", origin: `http://${slug}.${cluster.root}`, cookie },
    body: JSON.stringify({ json: input }),
  });
  expect(answer.status, answer.body).toBe(200);
  return (JSON.parse(answer.body) as { result: { data: { json: T } } }).result.data.json;
}

const entitlements = (instance: Instance, slug: string, secret: string) =>
  request(instance.port, tenantUrl(slug, "/api/v1/entitlements"), { headers: { authorization: `Bearer ${secret}` } });

/** Milliseconds until `check` holds on every instance (polling every 25 ms), or throws after `limitMs`. */
async function timeUntilAll(instances: Instance[], check: (instance: Instance) => Promise<boolean>, limitMs: number): Promise<number> {
  const started = performance.now();
  const pending = new Set(instances);
  while (pending.size) {
    for (const instance of [...pending]) if (await check(instance)) pending.delete(instance);
    if (!pending.size) break;
    if (performance.now() - started > limitMs) throw new Error(`not seen by ${[...pending].map((i) => i.name).join(", ")} within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return performance.now() - started;
}

beforeAll(async () => {
  cluster = await startCluster();
  // Demo data through the domain functions, straight to PostgreSQL.
  process.env.DATABASE_URL = cluster.db.appUrl;
  const { seedDemo } = await import("../../server/seed/seed-demo");
  const { closeDb } = await import("../../server/db/client");
  await seedDemo();
  await closeDb();
  const baseUrl = `http://${cluster.root}`;
  acmeCookie = await signedInCookie({ baseUrl, port: cluster.port, email: "alice@acme.test", password: DEMO_PASSWORD, tenantSlug: "acme" });
  globexCookie = await signedInCookie({ baseUrl, port: cluster.port, email: "grace@globex.test", password: DEMO_PASSWORD, tenantSlug: "globex" });
}, 300_000);

// When a test fails: what the processes printed (the instances log at warn and above), and what
// every database session is doing (a wait that never ends shows up here as its state and wait).
afterEach(async ({ task }) => {
  if (task.result?.state !== "fail") return;
  for (const process of [...cluster.instances, cluster.worker]) console.log(`--- ${process.name}\n${process.output().slice(-4_000)}`);
  for (const instance of cluster.instances.filter((i) => i.running())) {
    const metrics = await request(instance.port, `http://${cluster.root}/api/metrics`, { headers: { authorization: `Bearer ${cluster.metricsToken}` } }).catch(() => null);
    const lines = metrics?.body.split("\n").filter((line) => /^atrium_(db_pool|job)/.test(line)) ?? ["(no answer)"];
    console.log(`--- ${instance.name} metrics\n${lines.join("\n")}`);
  }
  const admin = postgres(cluster.db.adminUrl, { max: 1, onnotice: () => {} });
  try {
    const sessions = await admin<{ pid: number; app: string; state: string | null; wait: string | null; xact_s: number | null; query_s: number | null; query: string }[]>`
      select pid, application_name as app, state, wait_event_type || ':' || wait_event as wait,
             extract(epoch from now() - xact_start)::int as xact_s, extract(epoch from now() - query_start)::int as query_s, left(query, 160) as query
      from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() order by xact_start nulls last`;
    console.log(`--- database sessions\n${sessions.map((s) => `${s.pid} ${s.app} ${s.state} wait=${s.wait ?? "-"} xact=${s.xact_s ?? "-"}s query=${s.query_s ?? "-"}s ${s.query}`).join("\n")}`);
    const locks = await admin<{ blocked: number; blocking: number[] }[]>`
      select pid as blocked, pg_blocking_pids(pid) as blocking from pg_stat_activity where datname = current_database() and cardinality(pg_blocking_pids(pid)) > 0`;
    if (locks.length) console.log(`--- lock waits\n${locks.map((l) => `${l.blocked} waits for ${l.blocking.join(", ")}`).join("\n")}`);
    const console_ = new URL(cluster.pgbouncer.url);
    console_.pathname = "/pgbouncer";
    const bouncer = postgres(console_.toString(), { max: 1, onnotice: () => {}, fetch_types: false });
    try {
      for (const show of ["POOLS", "CLIENTS", "SERVERS"]) {
        const rows = await bouncer.unsafe(`SHOW ${show}`).simple();
        console.log(`--- pgbouncer SHOW ${show}\n${rows.map((r) => JSON.stringify(r)).join("\n")}`);
      }
    } catch (error) {
      console.log(`--- pgbouncer console: ${String(error)}`);
    } finally {
      await bouncer.end({ timeout: 5 });
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
});

afterAll(async () => {
  await cluster?.stop();
}, 120_000);

describe("two instances and a worker behind one proxy", () => {
  it("a session made through the proxy works on both instances", async () => {
    for (const instance of cluster.instances) {
      const page = await request(instance.port, tenantUrl("acme", "/dashboard"), { headers: { cookie: acmeCookie } });
      expect(page.status, `${instance.name}: ${page.body.slice(0, 300)}`).toBe(200);
      expect(page.body).toContain("Acme Inc.");
    }
    // And the proxy spread the sign-in's requests over both.
    expect([...cluster.proxy.served.values()].every((n) => n > 0)).toBe(true);
    expect(cluster.proxy.served.size).toBe(2);
  });

  it("a revoked API key is refused by both instances within a second", async () => {
    const key = await mutate<{ id: string; secret: string }>("acme", acmeCookie, "apiKey.create", { name: "cluster revoke", scopes: ["usage:read"] });
    // Both instances have the key cached as valid.
    for (const instance of cluster.instances) expect((await entitlements(instance, "acme", key.secret)).status).toBe(200);
    const revokedAt = performance.now();
    await mutate("acme", acmeCookie, "apiKey.revoke", { keyId: key.id });
    const revokeMs = performance.now() - revokedAt;
    const seenMs = await timeUntilAll(cluster.instances, async (i) => (await entitlements(i, "acme", key.secret)).status === 401, 1_000);
    console.log(`[cluster] revoked key refused by both instances ${seenMs.toFixed(0)} ms after the revoke returned (revoke took ${revokeMs.toFixed(0)} ms)`);
  });

  it("rate limits are shared: both instances together admit one limit's worth", async () => {
    const key = await mutate<{ id: string; secret: string }>("globex", globexCookie, "apiKey.create", { name: "cluster limits", scopes: ["usage:read"] });
    const first = await entitlements(cluster.instances[0], "globex", key.secret);
    expect(first.status).toBe(200);
    const limit = Number(/;q=(\d+)/.exec(String(first.headers["ratelimit-policy"]))?.[1]);
    expect(limit).toBeGreaterThan(0);
    const started = performance.now();
    const statuses: { instance: string; status: number }[] = [{ instance: cluster.instances[0].name, status: first.status }];
    const total = Math.ceil(limit * 1.6);
    let sent = 1;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (sent < total) {
          const instance = cluster.instances[sent++ % 2]!;
          statuses.push({ instance: instance.name, status: (await entitlements(instance, "globex", key.secret)).status });
        }
      }),
    );
    const elapsedMinutes = (performance.now() - started) / 60_000;
    const admitted = statuses.filter((s) => s.status === 200).length;
    const refused = statuses.filter((s) => s.status === 429);
    expect(statuses.every((s) => s.status === 200 || s.status === 429)).toBe(true);
    // Separate buckets per instance would admit up to twice the limit; one shared bucket admits the
    // limit plus what refills while the requests run.
    expect(admitted).toBeGreaterThanOrEqual(limit);
    expect(admitted).toBeLessThanOrEqual(limit + Math.ceil(limit * elapsedMinutes) + 2);
    expect(new Set(refused.map((s) => s.instance)).size).toBe(2);
    console.log(`[cluster] shared rate limit: ${admitted} of ${statuses.length} admitted across both instances (limit ${limit}/min, ${(elapsedMinutes * 60).toFixed(1)} s)`);
  });

  it("a workspace suspended by a job is refused by both instances within a second", async () => {
    const key = await mutate<{ id: string; secret: string }>("acme", acmeCookie, "apiKey.create", { name: "cluster suspend", scopes: ["usage:read"] });
    for (const instance of cluster.instances) expect((await entitlements(instance, "acme", key.secret)).status).toBe(200);
    const admin = postgres(cluster.db.adminUrl, { max: 1, onnotice: () => {} });
    try {
      // Past due for longer than the grace period: a lifecycle-sweep run (on whichever process
      // claims it) suspends the workspace and broadcasts the change. Enqueued here rather than
      // waited for on its schedule, so the check does not depend on the minute.
      await admin`update tenants set status = 'past_due', past_due_since = now() - interval '30 days' where slug = 'acme'`;
      const boss = new PgBoss({ connectionString: cluster.db.adminUrl, schema: "pgboss", migrate: false, schedule: false, supervise: false, max: 1 });
      boss.on("error", () => {});
      await boss.start();
      await boss.send("lifecycle-sweep", {});
      await boss.stop({ graceful: false, wait: true });
      let suspendedAt = 0;
      for (const until = Date.now() + 90_000; !suspendedAt; ) {
        const [row] = await admin<{ status: string }[]>`select status from tenants where slug = 'acme'`;
        if (row!.status === "suspended") suspendedAt = performance.now();
        else if (Date.now() > until) throw new Error(`acme is still ${row!.status} after 90 s: did the lifecycle sweep run?`);
        else await new Promise((r) => setTimeout(r, 20));
      }
      const seenMs = await timeUntilAll(cluster.instances, async (i) => (await entitlements(i, "acme", key.secret)).status === 403, 1_000);
      console.log(`[cluster] suspension seen by both instances ${(performance.now() - suspendedAt).toFixed(0)} ms after it committed (${seenMs.toFixed(0)} ms of polling)`);
      const answer = await entitlements(cluster.instances[1], "acme", key.secret);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "tenant_suspended" } });
    } finally {
      await admin.end({ timeout: 5 });
    }
  });

  it("SIGTERM on one instance under load fails no request", async () => {
    const [leaving, staying] = cluster.instances;
    const paths = [tenantUrl("globex", "/dashboard"), `http://${cluster.root}/`, tenantUrl("globex", "/api/health")];
    const failures: string[] = [];
    let done = 0;
    let stop = false;
    const load = Array.from({ length: 12 }, async (_, worker) => {
      for (let n = 0; !stop; n++) {
        const url = paths[(worker + n) % paths.length]!;
        const answer = await request(cluster.port, url, { headers: { cookie: globexCookie } }).catch((error: unknown) => ({ status: 0, body: String(error) }));
        if (answer.status !== 200) failures.push(`${url} -> ${answer.status} ${answer.body.slice(0, 120)}`);
        done++;
      }
    });
    await new Promise((r) => setTimeout(r, 1_500));
    const before = cluster.proxy.served.get(staying.port) ?? 0;
    leaving.kill("SIGTERM");
    const code = await leaving.exited;
    await new Promise((r) => setTimeout(r, 1_500));
    stop = true;
    await Promise.all(load);
    console.log(`[cluster] ${done} requests during SIGTERM, ${failures.length} failed; ${leaving.name} exited ${code}`);
    expect(failures).toEqual([]);
    expect(code).toBe(0);
    expect(cluster.proxy.served.get(staying.port)!).toBeGreaterThan(before);
  });
  it("every minute gets its own occurrence of the every-minute schedules, each run once, though three processes run workers", async () => {
    // Last, so it also covers the minutes after one instance left (the SIGTERM test).
    const admin = postgres(cluster.db.adminUrl, { max: 1, onnotice: () => {} });
    type Job = { name: string; scheduled_for: string; state: string; retry_count: number; created_on: Date; started_on: Date | null; completed_on: Date | null };
    const scheduledJobs = () => admin<Job[]>`
      select name, data->>'scheduledFor' as scheduled_for, state::text, retry_count, created_on, started_on, completed_on
      from (select name, data, state, retry_count, created_on, started_on, completed_on from pgboss.job
            union all select name, data, state, retry_count, created_on, started_on, completed_on from pgboss.archive) jobs
      where data ? 'scheduledFor'
      order by name, scheduled_for, created_on`;
    // Every job of the every-minute queues, wake-ups (no scheduledFor) too: each of them may hold the queue's one waiting slot.
    type Holder = { name: string; scheduled_for: string | null; created_on: Date; started_on: Date | null };
    const slotHolders = (queues: string[]) => admin<Holder[]>`
      select name, data->>'scheduledFor' as scheduled_for, created_on, started_on
      from (select name, data, created_on, started_on from pgboss.job
            union all select name, data, created_on, started_on from pgboss.archive) jobs
      where name = any(${queues}) order by name, created_on`;
    const everyMinute = ["lifecycle-sweep", "local-renewals", "billing-jobs", "email-send", "export-build"];
    const completedMinutes = (jobs: Job[], queue: string) =>
      jobs.filter((j) => j.name === queue && j.state === "completed").map((j) => new Date(j.scheduled_for).getTime());
    // Jobs of an occurrence at or before `minute` that are still waiting, running or retrying.
    const unsettled = (jobs: Job[], queue: string, minute: number) =>
      jobs.filter((j) => j.name === queue && new Date(j.scheduled_for).getTime() <= minute && ["created", "retry", "active"].includes(j.state));
    const describeJobs = (jobs: Job[], queue: string) =>
      jobs
        .filter((j) => j.name === queue)
        .map((j) => `${j.scheduled_for} ${j.state} retries=${j.retry_count} created=${j.created_on.toISOString()} started=${j.started_on?.toISOString() ?? "-"} completed=${j.completed_on?.toISOString() ?? "-"}`)
        .join("\n  ");
    try {
      // The schedules are checked every 15 s, so a minute's occurrence is enqueued within about
      // 15 s of the minute: three minutes (the one at start and two after it) within 3 minutes.
      // Then every occurrence up to the third must have settled (a retried one finishes late).
      let jobs = await scheduledJobs();
      const ready = () =>
        everyMinute.every((q) => {
          const minutes = completedMinutes(jobs, q);
          return minutes.length >= 3 && unsettled(jobs, q, minutes[minutes.length - 1]!).length === 0;
        });
      for (const until = Date.now() + 240_000; !ready(); ) {
        if (Date.now() > until) {
          throw new Error(
            `${((Date.now() - cluster.startedAt) / 1000).toFixed(0)} s after the processes started, the every-minute queues' occurrences:\n` +
              everyMinute.map((q) => `${q}:\n  ${describeJobs(jobs, q)}`).join("\n"),
          );
        }
        await new Promise((r) => setTimeout(r, 1_000));
        jobs = await scheduledJobs();
      }
      const holders = await slotHolders(everyMinute);
      for (const queue of everyMinute) {
        const minutes = completedMinutes(jobs, queue);
        for (let i = 1; i < minutes.length; i++) {
          // A minute with no occurrence of its own is allowed only where pg-boss's `short` policy
          // folded it into a job already waiting: the scheduler tries every 15 s in each process
          // for the whole minute, so that job must have held the one waiting slot from the
          // minute's first tries (15 s) to its last ones (45 s). Anything else is a lost minute.
          for (let skipped = minutes[i - 1]! + 60_000; skipped < minutes[i]!; skipped += 60_000) {
            const folded = holders.some(
              (h) => h.name === queue && h.created_on.getTime() <= skipped + 15_000 && (h.started_on === null || h.started_on.getTime() >= skipped + 45_000),
            );
            const held = holders.filter((h) => h.name === queue).map((h) => `${h.scheduled_for ?? "wake-up"} created=${h.created_on.toISOString()} started=${h.started_on?.toISOString() ?? "-"}`);
            expect(folded, `${queue}: no run for ${new Date(skipped).toISOString()}; its jobs:\n  ${held.join("\n  ")}`).toBe(true);
          }
        }
      }
      const occurrences = new Map<string, Job[]>();
      for (const job of jobs) occurrences.set(`${job.name}@${job.scheduled_for}`, [...(occurrences.get(`${job.name}@${job.scheduled_for}`) ?? []), job]);
      const queues = new Set(jobs.map((j) => j.name));
      // Every schedule's latest occurrence was enqueued at start (14 queues), the every-minute ones again since.
      expect(queues.size).toBeGreaterThanOrEqual(14);
      // Each occurrence is one job, never retried.
      expect([...occurrences].filter(([, runs]) => runs.length !== 1).map(([key]) => key)).toEqual([]);
      expect(jobs.filter((j) => j.retry_count > 0).map((j) => `${j.name}@${j.scheduled_for}`)).toEqual([]);
      const completed = jobs.filter((j) => j.state === "completed").length;
      expect(completed).toBeGreaterThanOrEqual(14 + 2 * everyMinute.length);
      console.log(`[cluster] ${occurrences.size} scheduled occurrences over ${queues.size} queues (every-minute queues: ${everyMinute.map((q) => completedMinutes(jobs, q).length).join("/")} minutes run), each enqueued once; ${completed} completed`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  }, 300_000);
});
