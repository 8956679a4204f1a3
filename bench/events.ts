// `npm run bench -- events`: what the outbox (issue 15) costs a change, and how fast the relay
// hands events on. No web server: a fresh embedded database, the domain functions in process.
//  - write cost: a change that records its audit row, against the same change that also records
//    its domain event (and wakes the relay after commit), alternating, same concurrency;
//  - relay: the events just written handed to every consumer (webhook deliveries for the three
//    endpoints made here, notifications), in events/s, against a no-op consumer reading the same
//    events (what reading and moving the cursor alone costs);
//  - webhook delivery: the deliveries those events became, signed and POSTed to a local receiver
//    by the delivery job, against the same number of plain POSTs of the same bodies, 8 at a time.
// Targets: the change with its event keeps at least 0.75× the throughput of the change without
// it; the relay with every consumer at least 0.3× the no-op reader; delivery at least 0.3× the
// plain POSTs (signing, the claim and the attempt log are the difference).
import { rmSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { reportTargets, runBench } from "./lib";
import { provisionDatabase } from "../scripts/lib/database";
import { startEmbeddedPostgres } from "../scripts/lib/embedded-postgres";

const PG_PORT = 54395;
const CHANGES = Number(process.env.BENCH_EVENTS ?? 3_000);
const CONCURRENCY = 8;

const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });

async function main() {
  const dataDir = ".data/bench-events";
  rmSync(dataDir, { recursive: true, force: true });
  const server = await startEmbeddedPostgres({ dataDir, port: PG_PORT, durable: true });
  try {
    const { appUrl } = await provisionDatabase(server.adminUrl, "atrium");
    process.env.DATABASE_URL = appUrl;
    process.env.LOG_LEVEL = "warn";
    process.env.WEBHOOK_ALLOWED_HOSTS = "127.0.0.1";
    await run();
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs `count` calls of `fn`, `CONCURRENCY` at a time; calls per second. */
async function rate(count: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await fn(next++);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

let met = false;
let receiver: Server | undefined;

/** A receiver that answers every POST with 204. */
function listen(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(204).end());
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function post(url: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers: { "content-type": "application/json" }, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve());
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function run() {
  const { withTenant } = await import("../server/db/with-tenant");
  const { recordAuditEvent } = await import("../server/audit/record-audit-event");
  const { recordEvent } = await import("../server/events/record-event");
  const { runConsumer } = await import("../server/events/relay");
  const { EVENT_CONSUMERS } = await import("../server/events/consumers");
  const { createUser } = await import("../server/users/create-user");
  const { createTenant } = await import("../server/tenants/create-tenant");
  const { closeDb } = await import("../server/db/client");
  const meta = { ip: null, userAgent: "bench" };
  try {
    const owner = await createUser({ email: `bench-${Date.now()}@example.test`, name: "Bench", password: "a long bench password", emailVerified: true });
    const tenant = await createTenant({ userId: owner.id, name: "Bench events", slug: `bench-${Date.now().toString(36)}`, meta, skipRateLimit: true });
    const { createWebhookEndpoint } = await import("../server/webhooks/create-webhook-endpoint");
    const { deliverWebhooks } = await import("../server/webhooks/deliver-webhooks");
    receiver = await listen();
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    for (let i = 0; i < 3; i++) await createWebhookEndpoint({ tenantId: tenant.id, actorUserId: owner.id, url: `${hook}/${i}`, description: `bench ${i}`, eventTypes: [], meta });
    const change = (i: number, withEvent: boolean) =>
      withTenant(tenant.id, async (tx) => {
        await recordAuditEvent(tx, { tenantId: tenant.id, actorUserId: owner.id, action: "member.invited", target: `invitation:${i}`, metadata: { i }, meta });
        if (withEvent) {
          await recordEvent(tx, { tenantId: tenant.id, type: "member.invited", data: { invitationId: `inv-${i}`, email: `invitee-${i}@example.test`, role: "member" }, actor: { type: "user", id: owner.id } });
        }
      });
    await rate(200, (i) => change(i, true)); // warm-up (and the job queue's client)
    const without: number[] = [];
    const withEvent: number[] = [];
    // Ten short alternating rounds, medians: a busy machine slows both sides alike.
    for (let round = 0; round < 10; round++) {
      without.push(await rate(CHANGES / 10, (i) => change(i, false)));
      withEvent.push(await rate(CHANGES / 10, (i) => change(i, true)));
    }
    const avg = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(`changes/s without the event: ${without.map(fmt).join(", ")}; with it: ${withEvent.map(fmt).join(", ")} (${CONCURRENCY} at a time)`);

    // The relay over the same backlog: a no-op reader first, then every real consumer.
    const noop = { name: `bench-noop-${Date.now()}`, enabled: () => true, handle: async () => {} };
    const backlog = CHANGES + 200;
    let started = performance.now();
    const readOnly = await runConsumer(noop, 600_000);
    const readRate = readOnly / ((performance.now() - started) / 1000);
    const consumers = EVENT_CONSUMERS.filter((c) => c.enabled());
    started = performance.now();
    let handed = 0;
    for (const consumer of consumers) handed = Math.max(handed, await runConsumer(consumer, 600_000));
    const relayRate = consumers.length ? backlog / ((performance.now() - started) / 1000) : 0;
    console.log(`relay: ${fmt(readOnly)} events read by the no-op reader at ${fmt(readRate)}/s; ${consumers.map((c) => c.name).join(", ") || "no consumers"} handed ${fmt(handed)} at ${fmt(relayRate)}/s`);

    // Webhook delivery of what the relay fanned out, then the same number of plain POSTs.
    const body = JSON.stringify({ type: "member.invited", data: { invitationId: "inv-0", email: "invitee-0@example.test", role: "member" } });
    let sent = 0;
    started = performance.now();
    for (;;) {
      const report = await deliverWebhooks({ concurrency: CONCURRENCY });
      sent += report.succeeded + report.failed;
      if (!report.succeeded && !report.failed) break;
    }
    const deliveryRate = sent / ((performance.now() - started) / 1000);
    const plainRate = sent ? await rate(sent, () => post(`${hook}/plain`, body)) : 0;
    console.log(`webhooks: ${fmt(sent)} deliveries at ${fmt(deliveryRate)}/s; ${fmt(sent)} plain POSTs at ${fmt(plainRate)}/s`);

    met = reportTargets("Events (targets)", [
      { figure: "changes/s with their domain event", value: avg(withEvent), unit: "/s", baseline: { label: "the same change without it", value: avg(without) }, goal: 0.75 },
      { figure: "relay with every consumer", value: relayRate, unit: "events/s", baseline: { label: "a no-op reader", value: readRate }, goal: 0.3, note: `consumers: ${consumers.map((c) => c.name).join(", ") || "none registered"}; 3 webhook endpoints` },
      { figure: "webhook deliveries (signed, claimed, logged)", value: deliveryRate, unit: "/s", baseline: { label: "plain POSTs of the same bodies", value: plainRate }, goal: 0.3, note: `${fmt(sent)} deliveries, ${CONCURRENCY} in flight` },
    ]);
  } finally {
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
    const { getJobQueue } = await import("../server/jobs/job-queue");
    await (await getJobQueue().catch(() => null))?.stop({ graceful: false, wait: false }).catch(() => {});
    await closeDb();
  }
}

// Explicitly: stopping the embedded server's exit hooks would otherwise leave the exit code at 0.
runBench(async () => {
  await main();
  process.exit(met ? 0 : 1);
});
