import { TRPCError } from "@trpc/server";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The receiver listens on 127.0.0.1: allow-listed for this file only (set before env is first read).
vi.hoisted(() => {
  process.env.WEBHOOK_ALLOWED_HOSTS = "127.0.0.1";
});

import { getDb } from "../server/db/client";
import { emailOutbox, events, webhookAttempts, webhookDeliveries, webhookEndpoints } from "../server/db/schema";
import { withTenant } from "../server/db/with-tenant";
import { env } from "../server/env";
import { isAppError } from "../server/errors";
import { recordEvent } from "../server/events/record-event";
import { allJobKinds } from "../server/jobs/handlers";
import { getJobQueue } from "../server/jobs/job-queue";
import { JobRunner } from "../server/jobs/job-runner";
import { runConsumer } from "../server/events/relay";
import { createCaller } from "../server/trpc/root";
import { createWebhookEndpoint } from "../server/webhooks/create-webhook-endpoint";
import { deleteWebhookEndpoint } from "../server/webhooks/delete-webhook-endpoint";
import { deliverWebhooks } from "../server/webhooks/deliver-webhooks";
import { isForbiddenAddress } from "../server/http/forbidden-address";
import { RETRY_DELAYS_MS } from "../server/webhooks/retry-schedule";
import { webhookDeliveryConsumer } from "../server/webhooks/webhook-consumer";
import { webhookNetworkPolicy, type Resolver } from "../server/webhooks/webhook-network-policy";
import { contextFor, makeTenant, TEST_META, uid } from "./factories";
import { trpcCode } from "./trpc-code";
import { otherProcessQueue, sleep, waitFor } from "./job-queues";
import { rlsProbe } from "./rls-probe";

// Issue 15, outgoing webhooks: signed (Standard Webhooks, checked with the reference library),
// retried on a schedule (time moved forward through `now`, never slept), one delivery per endpoint
// and event with two workers, and never sent to a private address.

type Received = { path: string; headers: IncomingHttpHeaders; body: string };

/** A receiver: records every request; `plan(path)` says how to answer (status, delay). */
function startReceiver() {
  const received: Received[] = [];
  const plans = new Map<string, { failFirst: number; status?: number; delayMs?: number; location?: string; body?: string }>();
  const inFlight = new Map<string, number>();
  let maxInFlight = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const now = (inFlight.get(path) ?? 0) + 1;
      inFlight.set(path, now);
      maxInFlight = Math.max(maxInFlight, now);
      const plan = plans.get(path) ?? { failFirst: 0 };
      const answer = () => {
        inFlight.set(path, (inFlight.get(path) ?? 1) - 1);
        if (plan.location) {
          res.writeHead(302, { location: plan.location }).end();
        } else if (plan.failFirst > 0) {
          plan.failFirst--;
          res.writeHead(plan.status ?? 500).end("x".repeat(5000));
        } else res.writeHead(200, { "content-type": "text/plain" }).end(plan.body ?? "ok");
      };
      if (plan.delayMs) setTimeout(answer, plan.delayMs);
      else answer();
    });
  });
  return {
    received,
    plans,
    maxInFlight: () => maxInFlight,
    server,
    url: (path: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    at: (path: string) => received.filter((r) => r.path === path),
  };
}

const receiver = startReceiver();
beforeAll(() => new Promise<void>((resolve) => receiver.server.listen(0, "127.0.0.1", resolve)));
afterAll(() => new Promise<void>((resolve) => receiver.server.close(() => resolve())));

async function setup() {
  const made = await makeTenant();
  const caller = createCaller(contextFor({ user: made.owner, tenant: made.tenant }));
  return { ...made, caller };
}

const invited = (n: number) => ({ invitationId: `inv-${n}`, email: `someone-${n}@example.test`, role: "member" as const });

async function inviteEvent(tenantId: string, n: number): Promise<string> {
  return withTenant(tenantId, (tx) => recordEvent(tx, { tenantId, type: "member.invited", data: invited(n), actor: { type: "system" } }));
}

/**
 * Runs the webhook consumer until at least the `expected` events of the test were handed over
 * (setting a workspace up records events of its own, handed over too): the relay only reads below
 * the oldest open transaction of the whole server, which other test files may hold briefly. What
 * was delivered is asserted on the receiver.
 */
async function relay(expected = 1): Promise<void> {
  let handed = 0;
  const deadline = Date.now() + 15_000;
  while (handed < expected && Date.now() < deadline) {
    handed += await runConsumer(webhookDeliveryConsumer);
    if (handed < expected) await new Promise((r) => setTimeout(r, 100));
  }
  handed += await runConsumer(webhookDeliveryConsumer);
  expect(handed).toBeGreaterThanOrEqual(expected);
}

function verify(secret: string, request: Received): unknown {
  return new Webhook(secret).verify(request.body, {
    "webhook-id": String(request.headers["webhook-id"]),
    "webhook-timestamp": String(request.headers["webhook-timestamp"]),
    "webhook-signature": String(request.headers["webhook-signature"]),
  });
}

async function deliveriesOf(tenantId: string, endpointId: string) {
  return withTenant(tenantId, (tx) =>
    tx.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.endpointId, endpointId))),
  );
}

const fixedResolver =
  (address: string): Resolver =>
  async () => [{ address, family: address.includes(":") ? 6 : 4 }];

describe("webhook delivery", () => {
  it("allow-lists the receiver's address for this file only", () => {
    expect(env.WEBHOOK_ALLOWED_HOSTS).toEqual(["127.0.0.1"]);
  });

  it("signs each event so the reference library verifies it, with the event id as webhook-id", async () => {
    const { tenant, caller } = await setup();
    const path = `/signed-${uid()}`;
    const created = await caller.webhook.create({ url: receiver.url(path), description: "CRM sync", eventTypes: [] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const eventId = await inviteEvent(tenant.id, 1);
    await relay();
    const report = await deliverWebhooks();
    expect(report.succeeded).toBeGreaterThanOrEqual(1);
    const [request] = receiver.at(path);
    expect(request).toBeDefined();
    expect(request!.headers["webhook-id"]).toBe(eventId);
    expect(verify(created.secret, request!)).toMatchObject({ id: eventId, type: "member.invited", workspaceId: tenant.id, data: invited(1) });
    const log = await caller.webhook.deliveries({ endpointId: created.id });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ status: "succeeded", attempts: 1, eventType: "member.invited", lastResponseStatus: 200 });
    expect(log[0]!.log[0]).toMatchObject({ attempt: 1, responseStatus: 200, responseBody: "ok", error: null });
    expect(JSON.parse(log[0]!.log[0]!.requestBody)).toMatchObject({ id: eventId });
    // The signature itself is not kept in the log.
    expect(log[0]!.log[0]!.requestHeaders["webhook-signature"]).toBe("v1,…");
    const listed = await caller.webhook.list();
    expect(listed.endpoints[0]).toMatchObject({ id: created.id, enabled: true, lastDelivery: { status: "succeeded" } });
  });

  it("sends only the event types an endpoint asked for, and nothing from before it existed", async () => {
    const { tenant, caller } = await setup();
    const path = `/filtered-${uid()}`;
    await inviteEvent(tenant.id, 2); // before the endpoint
    const created = await caller.webhook.create({ url: receiver.url(path), eventTypes: ["member.removed"] });
    await inviteEvent(tenant.id, 3);
    await withTenant(tenant.id, (tx) => recordEvent(tx, { tenantId: tenant.id, type: "member.removed", data: { userId: tenant.id, left: true }, actor: { type: "system" } }));
    await relay(3);
    const rows = await deliveriesOf(tenant.id, created.id);
    expect(rows.map((r) => r.eventType)).toEqual(["member.removed"]);
    // The relay handing the same events over again (a replay) adds nothing.
    await withTenant(tenant.id, async (tx) => {
      const all = await tx.select().from(events).where(eq(events.tenantId, tenant.id));
      await webhookDeliveryConsumer.handle(tx, all.map((e) => ({ ...e, xid: String(e.xid), seq: Number(e.seq) })));
    });
    expect(await deliveriesOf(tenant.id, created.id)).toHaveLength(1);
  });

  it("retries with backoff against a receiver that fails three times, then succeeds, same webhook-id each time", async () => {
    const { tenant, caller } = await setup();
    const path = `/flaky-${uid()}`;
    receiver.plans.set(path, { failFirst: 3, status: 503 });
    const created = await caller.webhook.create({ url: receiver.url(path) });
    const eventId = await inviteEvent(tenant.id, 4);
    await relay();
    let clock = new Date();
    await deliverWebhooks({ now: clock });
    expect(receiver.at(path)).toHaveLength(1);
    // Not due again before the first delay has passed.
    await deliverWebhooks({ now: new Date(clock.getTime() + 1_000) });
    expect(receiver.at(path)).toHaveLength(1);
    for (const delay of RETRY_DELAYS_MS.slice(0, 3)) {
      clock = new Date(clock.getTime() + delay * 1.25);
      await deliverWebhooks({ now: clock });
    }
    const requests = receiver.at(path);
    expect(requests).toHaveLength(4);
    expect(new Set(requests.map((r) => r.headers["webhook-id"]))).toEqual(new Set([eventId]));
    for (const r of requests) expect(verify(created.secret, r)).toBeTruthy();
    const [delivery] = await deliveriesOf(tenant.id, created.id);
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 4, lastResponseStatus: 200 });
    const log = await caller.webhook.deliveries({ endpointId: created.id });
    expect(log[0]!.log.map((a) => a.responseStatus)).toEqual([503, 503, 503, 200]);
    // Response bodies are kept to 2 KiB.
    expect(log[0]!.log[0]!.responseBody).toHaveLength(2048);
    const [endpoint] = await withTenant(tenant.id, (tx) => tx.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.tenantId, tenant.id), eq(webhookEndpoints.id, created.id))));
    expect(endpoint).toMatchObject({ failingSince: null, enabled: true, leaseUntil: null });
  });

  it("delivers each event once per endpoint, one at a time per endpoint, with two workers running", async () => {
    const { tenant, caller } = await setup();
    const paths = [`/a-${uid()}`, `/b-${uid()}`];
    for (const p of paths) receiver.plans.set(p, { failFirst: 0, delayMs: 15 });
    for (const p of paths) await caller.webhook.create({ url: receiver.url(p) });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await inviteEvent(tenant.id, 100 + i));
    await relay(12);
    await Promise.all([deliverWebhooks(), deliverWebhooks()]);
    for (const p of paths) {
      const got = receiver.at(p).map((r) => String(r.headers["webhook-id"]));
      expect(got.sort()).toEqual([...ids].sort());
    }
    expect(receiver.maxInFlight()).toBe(1);
  });

  it("delivers each event once per endpoint with two job workers (two pg-boss clients) running the webhook-deliveries queue", async () => {
    const { tenant, caller } = await setup();
    const paths = [`/job-a-${uid()}`, `/job-b-${uid()}`];
    for (const p of paths) receiver.plans.set(p, { failFirst: 0, delayMs: 10 });
    for (const p of paths) await caller.webhook.create({ url: receiver.url(p) });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await inviteEvent(tenant.id, 200 + i));
    await relay(10);
    const kind = allJobKinds().find((k) => k.queue === "webhook-deliveries")!;
    const [a, b] = [await getJobQueue(), await otherProcessQueue()];
    const runners = [new JobRunner(a, [kind], { pollIntervalMs: 50, scheduling: false }), new JobRunner(b, [kind], { pollIntervalMs: 50, scheduling: false })];
    runners.forEach((r) => r.start());
    await a.send("webhook-deliveries", {}, { singletonKey: `a-${uid()}` });
    await b.send("webhook-deliveries", {}, { singletonKey: `b-${uid()}` });
    try {
      await waitFor(() => paths.every((p) => receiver.at(p).length >= ids.length), 20_000, "every delivery");
      await sleep(300);
    } finally {
      await Promise.all(runners.map((r) => r.stop(2_000)));
      await b.stop({ graceful: false });
    }
    for (const p of paths) expect(receiver.at(p).map((r) => String(r.headers["webhook-id"])).sort()).toEqual([...ids].sort());
  });

  it("logs a hostile response body (NUL bytes, a character pair cut at 2 KiB) without failing the delivery", async () => {
    const { tenant, caller } = await setup();
    const path = `/nul-${uid()}`;
    receiver.plans.set(path, { failFirst: 0, body: "a\u0000b" + "x".repeat(2043) + "😀😀" });
    const created = await caller.webhook.create({ url: receiver.url(path) });
    await inviteEvent(tenant.id, 9);
    await relay();
    await deliverWebhooks();
    const [delivery] = await caller.webhook.deliveries({ endpointId: created.id });
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(delivery!.log[0]!.responseBody).toMatch(/^a\uFFFDbx+/);
    expect(delivery!.log[0]!.responseBody!.length).toBeLessThanOrEqual(2048);
  });

  it("does not follow redirects and gives up on a silent endpoint after the timeout", async () => {
    const { tenant, caller } = await setup();
    const redirecting = `/redirect-${uid()}`;
    receiver.plans.set(redirecting, { failFirst: 0, location: receiver.url("/elsewhere") });
    const silent = `/silent-${uid()}`;
    receiver.plans.set(silent, { failFirst: 0, delayMs: 1_500 });
    const a = await caller.webhook.create({ url: receiver.url(redirecting) });
    const b = await caller.webhook.create({ url: receiver.url(silent) });
    await inviteEvent(tenant.id, 5);
    await relay();
    await deliverWebhooks({ timeoutMs: 300 });
    expect(receiver.at("/elsewhere")).toHaveLength(0);
    const [redirected] = await caller.webhook.deliveries({ endpointId: a.id });
    expect(redirected).toMatchObject({ status: "pending", attempts: 1, lastResponseStatus: 302 });
    const [timedOut] = await caller.webhook.deliveries({ endpointId: b.id });
    expect(timedOut!.log[0]!.error).toMatch(/No response within 0.3 s/);
  });
});

describe("fair delivery", () => {
  it("one workspace's silent endpoints do not hold up another workspace's delivery", async () => {
    const slow = await setup();
    const silent = `/fair-silent-${uid()}`;
    for (let i = 0; i < 3; i++) {
      receiver.plans.set(`${silent}/${i}`, { failFirst: 0, delayMs: 1_500 });
      const endpoint = await slow.caller.webhook.create({ url: receiver.url(`${silent}/${i}`) });
      for (let n = 0; n < 5; n++) await slow.caller.webhook.sendTest({ endpointId: endpoint.id });
    }
    const other = await setup();
    const fine = `/fair-fine-${uid()}`;
    await other.caller.webhook.create({ url: receiver.url(fine) });
    await inviteEvent(other.tenant.id, 700);
    await relay();
    const started = Date.now();
    const run = deliverWebhooks({ timeoutMs: 300 });
    await waitFor(() => receiver.at(fine).length > 0, 5_000);
    const waited = Date.now() - started;
    const slowHits = receiver.received.filter((r) => r.path.startsWith(silent)).length;
    await run;
    // At most two of the slow workspace's deliveries are in flight at once, so the other one is
    // among the first sent, not behind fifteen 300 ms timeouts.
    expect(slowHits).toBeLessThanOrEqual(4);
    expect(waited).toBeLessThan(2_000);
  });
});

describe("SSRF", () => {
  it("classifies private, loopback, link-local, metadata, CGNAT and mapped addresses as forbidden", () => {
    for (const address of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fc00::1", "fd12::1", "fe80::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:a9fe:a9fe", "64:ff9b::10.0.0.1", "::7f00:1", "::127.0.0.1", "::a9fe:a9fe", "2002:7f00:1::", "64:ff9b:1::a9fe:a9fe", "2001:0:4136:e378::1", "fec0::1", "168.63.129.16", "not-an-ip"]) {
      expect(isForbiddenAddress(address), address).toBe(true);
    }
    for (const address of ["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"]) {
      expect(isForbiddenAddress(address), address).toBe(false);
    }
  });

  it("refuses private addresses, credentials and non-URLs at save time with a 400", async () => {
    const { caller } = await setup();
    for (const url of [
      "http://10.0.0.1/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]:8080/",
      "http://[::ffff:127.0.0.1]/",
      "http://0.0.0.0/",
      "http://0x7f000002/", // the URL parser normalises these to 127.0.0.2 before the check (127.0.0.1 is allow-listed here)
      "http://127.2/",
      "http://2130706434/",
      "http://[::ffff:7f00:2]/",
      "https://localhost./x",
      "http://localhost:9/hook", // resolves to 127.0.0.1 / ::1; only the literal 127.0.0.1 is allow-listed here
      "https://user:secret@example.com/hook",
      "ftp://example.com/hook",
      "not a url",
      "javascript:alert(1)",
    ]) {
      expect(await trpcCode(caller.webhook.create({ url })), url).toBe("BAD_REQUEST");
    }
  });

  it("refuses a host name that resolves to 127.0.0.1 at save time, and again at delivery time after DNS changes", async () => {
    const { tenant } = await setup();
    const base = { tenantId: tenant.id, actorUserId: null, meta: TEST_META, description: "", eventTypes: [] };
    await expect(createWebhookEndpoint({ ...base, url: "https://hooks.example.test/x", policy: webhookNetworkPolicy({ resolve: fixedResolver("127.0.0.1") }) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/private or reserved/),
    });
    // One public and one private record: still refused.
    const mixed: Resolver = async () => [{ address: "93.184.216.34", family: 4 }, { address: "10.0.0.7", family: 4 }];
    await expect(createWebhookEndpoint({ ...base, url: "https://mixed.example.test/x", policy: webhookNetworkPolicy({ resolve: mixed }) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // Public when saved, rebound to loopback by delivery time: the attempt is refused, nothing is sent.
    const created = await createWebhookEndpoint({ ...base, url: "https://rebind.example.test/x", policy: webhookNetworkPolicy({ resolve: fixedResolver("93.184.216.34") }) });
    await inviteEvent(tenant.id, 6);
    await relay();
    // The request would go to 127.0.0.1:443, where nothing listens: the attempt's error is the proof.
    await deliverWebhooks({ policy: webhookNetworkPolicy({ resolve: fixedResolver("127.0.0.1") }) });
    const [attempt] = await withTenant(tenant.id, (tx) =>
      tx.select().from(webhookAttempts).where(eq(webhookAttempts.tenantId, tenant.id)),
    );
    expect(attempt).toMatchObject({ responseStatus: null, error: expect.stringMatching(/^Refused: .*private or reserved/) });
    expect((await deliveriesOf(tenant.id, created.id))[0]).toMatchObject({ status: "pending", attempts: 1 });
    // Later tests' workers would otherwise retry it through real DNS.
    await deleteWebhookEndpoint({ tenantId: tenant.id, endpointId: created.id, actorUserId: null, meta: TEST_META });
  });

  it("refuses http:// in production, except for an allow-listed host", async () => {
    const { tenant } = await setup();
    const error = await createWebhookEndpoint({
      tenantId: tenant.id,
      actorUserId: null,
      meta: TEST_META,
      description: "",
      eventTypes: [],
      url: "http://93.184.216.34/hook",
      policy: webhookNetworkPolicy({ requireHttps: true }),
    }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe("BAD_REQUEST");
    expect(String((error as Error).message)).toMatch(/https/);
    // An allow-listed host (local development, the e2e server) may still use http.
    const local = await createWebhookEndpoint({ tenantId: tenant.id, actorUserId: null, meta: TEST_META, description: "", eventTypes: [], url: receiver.url("/prod"), policy: webhookNetworkPolicy({ requireHttps: true }) });
    expect(local.url).toBe(receiver.url("/prod"));
  });
});

describe("webhook endpoints", () => {
  it("stores the secret sealed, and during a rotation signs with both secrets for 24 hours", async () => {
    const { tenant, caller } = await setup();
    const path = `/rotate-${uid()}`;
    const created = await caller.webhook.create({ url: receiver.url(path) });
    const [row] = await withTenant(tenant.id, (tx) => tx.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.tenantId, tenant.id), eq(webhookEndpoints.id, created.id))));
    const raw = created.secret.slice("whsec_".length);
    expect(row!.secretSealed).toMatch(/^v1\./);
    expect(row!.secretSealed).not.toContain(raw);
    expect(JSON.stringify(row)).not.toContain(raw);
    expect(JSON.stringify(await caller.webhook.list())).not.toContain(raw);

    const rotated = await caller.webhook.rotateSecret({ endpointId: created.id });
    expect(rotated.secret).not.toBe(created.secret);
    await inviteEvent(tenant.id, 7);
    await relay();
    await deliverWebhooks();
    const [during] = receiver.at(path);
    expect(String(during!.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(verify(created.secret, during!)).toBeTruthy();
    expect(verify(rotated.secret, during!)).toBeTruthy();

    // After the overlap only the new secret signs.
    await caller.webhook.sendTest({ endpointId: created.id });
    await deliverWebhooks({ now: new Date(Date.now() + 25 * 3_600_000) });
    const after = receiver.at(path)[1]!;
    expect(after.headers["webhook-id"]).toMatch(/^test_/);
    expect(verify(rotated.secret, after)).toMatchObject({ type: "webhook.test" });
    expect(() => verify(created.secret, after)).toThrow();
  });

  it("sends a test event that is logged but not written to the events table, and resends any delivery", async () => {
    const { tenant, caller } = await setup();
    const path = `/test-${uid()}`;
    const created = await caller.webhook.create({ url: receiver.url(path) });
    await caller.webhook.sendTest({ endpointId: created.id });
    await deliverWebhooks();
    // The workspace's own events (its creation) are there; no test event among them.
    const stored = await withTenant(tenant.id, (tx) => tx.select().from(events).where(eq(events.tenantId, tenant.id)));
    expect(stored.map((e) => e.type)).not.toContain("webhook.test");
    expect(stored.map((e) => e.type)).toEqual(["workspace.created"]);
    const [test] = await caller.webhook.deliveries({ endpointId: created.id });
    expect(test).toMatchObject({ kind: "test", eventType: "webhook.test", status: "succeeded" });
    await caller.webhook.resend({ deliveryId: test!.id });
    await deliverWebhooks();
    const requests = receiver.at(path);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.headers["webhook-id"]).toBe(requests[0]!.headers["webhook-id"]);
    expect(requests[1]!.body).toBe(requests[0]!.body);
    const log = await caller.webhook.deliveries({ endpointId: created.id });
    expect(log.map((d) => d.kind)).toEqual(["resend", "test"]);
  });

  it("survives an endpoint deleted while its request is out, and caps queued test sends per endpoint", async () => {
    const { caller } = await setup();
    const path = `/deleted-${uid()}`;
    receiver.plans.set(path, { failFirst: 0, delayMs: 400 });
    const created = await caller.webhook.create({ url: receiver.url(path) });
    await caller.webhook.sendTest({ endpointId: created.id });
    const running = deliverWebhooks();
    await waitFor(() => receiver.at(path).length === 1, 5_000, "the request");
    await caller.webhook.remove({ endpointId: created.id });
    await expect(running).resolves.toMatchObject({ succeeded: 0 });

    const capped = await caller.webhook.create({ url: receiver.url(`/capped-${uid()}`) });
    for (let i = 0; i < 20; i++) await caller.webhook.sendTest({ endpointId: capped.id });
    expect(await trpcCode(caller.webhook.sendTest({ endpointId: capped.id }))).toBe("TOO_MANY_REQUESTS");
    await deliverWebhooks();
    expect(await trpcCode(caller.webhook.sendTest({ endpointId: capped.id }))).toBe("resolved");
  });

  it("keeps endpoints and deliveries to their workspace: another one can neither see nor resend them", async () => {
    const { tenant, caller } = await setup();
    const other = await setup();
    const created = await caller.webhook.create({ url: receiver.url(`/mine-${uid()}`) });
    const { deliveryId } = await caller.webhook.sendTest({ endpointId: created.id });
    expect((await other.caller.webhook.list()).endpoints).toHaveLength(0);
    expect(await trpcCode(other.caller.webhook.deliveries({ endpointId: created.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(other.caller.webhook.resend({ deliveryId }))).toBe("NOT_FOUND");
    expect(await trpcCode(other.caller.webhook.sendTest({ endpointId: created.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(other.caller.webhook.remove({ endpointId: created.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(other.caller.webhook.rotateSecret({ endpointId: created.id }))).toBe("NOT_FOUND");
    for (const table of [webhookEndpoints, webhookDeliveries]) {
      expect(await rlsProbe(other.tenant.id, (tx) => tx.select().from(table))).toHaveLength(0);
    }
    expect(await deliveriesOf(tenant.id, created.id)).toHaveLength(1);
    // A plain member (no tenant:update) cannot manage webhooks either.
    const withMember = await makeTenant([{ role: "member" }]);
    const member = createCaller(contextFor({ user: withMember.members[0]!.user, tenant: withMember.tenant }));
    expect(await trpcCode(member.webhook.list())).toBe("FORBIDDEN");
  });

  it("disables an endpoint that failed for three days, emails its owners, and can be enabled again", async () => {
    const { tenant, owner, caller } = await setup();
    const path = `/down-${uid()}`;
    receiver.plans.set(path, { failFirst: 1_000 });
    const created = await caller.webhook.create({ url: receiver.url(path) });
    await inviteEvent(tenant.id, 8);
    await relay();
    const start = new Date();
    await deliverWebhooks({ now: start });
    await deliverWebhooks({ now: new Date(start.getTime() + 2 * 86_400_000) });
    expect((await caller.webhook.list()).endpoints[0]).toMatchObject({ enabled: true, failingSince: start });
    await deliverWebhooks({ now: new Date(start.getTime() + 3 * 86_400_000 + 60_000) });
    const [endpoint] = (await caller.webhook.list()).endpoints;
    expect(endpoint).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/3 days/) });
    const mail = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, owner.email));
    expect(mail.map((m) => m.subject)).toEqual([expect.stringMatching(/webhook endpoint .* was disabled/)]);
    expect(mail[0]!.bodyText).toContain(receiver.url(path));
    // Disabled: no more attempts, and new events are not queued for it.
    const sent = receiver.at(path).length;
    await deliverWebhooks({ now: new Date(start.getTime() + 5 * 86_400_000) });
    expect(receiver.at(path)).toHaveLength(sent);
    await caller.webhook.setEnabled({ endpointId: created.id, enabled: true });
    expect((await caller.webhook.list()).endpoints[0]).toMatchObject({ enabled: true, failingSince: null, disabledReason: null });
  });

  it("refuses bad input with a readable 400, and endpoints beyond the plan's limit with a 409", async () => {
    const { tenant, caller } = await setup();
    const url = receiver.url("/limits");
    const cases: [string, () => Promise<unknown>][] = [
      ["empty url", () => caller.webhook.create({ url: "" })],
      ["10 KB description", () => caller.webhook.create({ url, description: "d".repeat(10_240) })],
      ["NUL in description", () => caller.webhook.create({ url, description: "a\u0000b" })],
      ["NUL in url", () => caller.webhook.create({ url: `${url}\u0000x` })],
      // 1,000 characters that percent-encoding makes 6,000: refused as too long, not a failed insert.
      ["url longer once encoded", () => caller.webhook.create({ url: `${url}/${"é".repeat(1000)}` })],
      ["url of quotes", () => caller.webhook.create({ url: `${url}/${'"'.repeat(700)}` })],
      ["unknown event type", () => caller.webhook.create({ url, eventTypes: ["member.exploded" as "member.invited"] })],
      ["endpoint id not a uuid", () => caller.webhook.deliveries({ endpointId: "../../etc" })],
    ];
    for (const [name, call] of cases) expect(await trpcCode(call()), name).toBe("BAD_REQUEST");
    const refused = await caller.webhook.create({ url, description: "d".repeat(10_240) }).catch((e: unknown) => e);
    expect((refused as TRPCError).message).toMatch(/500 characters/);

    // A trial workspace has the Pro plan's limit.
    const { limit } = await caller.webhook.list();
    expect(limit).toBe(10);
    for (let i = 0; i < 10; i++) await caller.webhook.create({ url: `${url}?n=${i}` });
    const over = await caller.webhook.create({ url }).catch((e: unknown) => e);
    expect(over).toBeInstanceOf(TRPCError);
    expect((over as TRPCError).code).toBe("CONFLICT");
    expect((over as TRPCError).message).toMatch(/plan allows 10 webhook endpoints/);
    expect(await withTenant(tenant.id, (tx) => tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.tenantId, tenant.id)))).toHaveLength(10);
  });
});
