import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The receiver listens on 127.0.0.1: allow-listed for this file only (set before env is first read).
vi.hoisted(() => {
  process.env.WEBHOOK_ALLOWED_HOSTS = "127.0.0.1";
});

import { auditEvents, webhookEndpoints } from "../server/db/schema";
import { withTenant } from "../server/db/with-tenant";
import { recordEvent } from "../server/events/record-event";
import { runConsumer } from "../server/events/relay";
import { createCaller } from "../server/trpc/root";
import { deliverWebhooks } from "../server/webhooks/deliver-webhooks";
import { postWebhook } from "../server/webhooks/post-webhook";
import { webhookDeliveryConsumer } from "../server/webhooks/webhook-consumer";
import { webhookNetworkPolicy } from "../server/webhooks/webhook-network-policy";
import { contextFor, makeTenant, uid } from "./factories";
import { trpcCode } from "./trpc-code";

// Issue 15, webhook endpoints after they are made: edited (URL checked again, secret kept, pending
// deliveries follow the new URL), every manual send recorded in the audit log, and a host name
// that never resolves bounded by the same 10 s as the request.

const paths: string[] = [];
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    paths.push(req.url ?? "/");
    res.writeHead(req.url?.startsWith("/fail") ? 500 : 200).end("ok");
  });
});
beforeAll(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve)));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
const urlOf = (path: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;

async function setup() {
  const made = await makeTenant();
  return { ...made, caller: createCaller(contextFor({ user: made.owner, tenant: made.tenant })) };
}

async function auditOf(tenantId: string, action: string) {
  return withTenant(tenantId, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.action, action))));
}

describe("editing a webhook endpoint", () => {
  it("changes URL, description and events, keeps the secret, and a delivery waiting out its backoff goes to the new URL at once", async () => {
    const { tenant, caller } = await setup();
    const [before, after] = [`/fail-${uid()}`, `/after-${uid()}`];
    const created = await caller.webhook.create({ url: urlOf(before), description: "CRM" });
    const sealed = () => withTenant(tenant.id, (tx) => tx.select({ s: webhookEndpoints.secretSealed }).from(webhookEndpoints).where(and(eq(webhookEndpoints.tenantId, tenant.id), eq(webhookEndpoints.id, created.id))));
    const secretBefore = await sealed();

    // A delivery to the old URL fails and waits for its retry; the endpoint counts as failing.
    await withTenant(tenant.id, (tx) => recordEvent(tx, { tenantId: tenant.id, type: "member.invited", data: { invitationId: "i1", email: "a@example.test", role: "member" }, actor: { type: "system" } }));
    for (let i = 0; i < 100 && !paths.includes(before); i++) {
      await runConsumer(webhookDeliveryConsumer);
      await deliverWebhooks();
      if (!paths.includes(before)) await new Promise((r) => setTimeout(r, 100));
    }
    expect(paths).toContain(before);
    const pending = await caller.webhook.deliveries({ endpointId: created.id });
    expect(pending.find((d) => d.eventType === "member.invited")).toMatchObject({ status: "pending", attempts: 1 });
    expect((await caller.webhook.list()).endpoints[0]!.failingSince).not.toBeNull();

    const saved = await caller.webhook.update({ endpointId: created.id, url: urlOf(after), description: "CRM (new)", eventTypes: ["member.invited"] });
    expect(saved.changed).toEqual(["url", "description", "eventTypes"]);
    const [endpoint] = (await caller.webhook.list()).endpoints;
    expect(endpoint).toMatchObject({ url: urlOf(after), description: "CRM (new)", eventTypes: ["member.invited"], rotating: false, failingSince: null });
    expect(await sealed()).toEqual(secretBefore);

    // No clock moved forward: the retry was due hours from now, and goes out at once to the new URL.
    await deliverWebhooks();
    expect(paths).toContain(after);
    expect((await caller.webhook.deliveries({ endpointId: created.id })).find((d) => d.eventType === "member.invited")).toMatchObject({ status: "succeeded", attempts: 2 });

    const [audit] = await auditOf(tenant.id, "webhook_endpoint.updated");
    expect(audit?.metadata).toMatchObject({ changed: ["url", "description", "eventTypes"], from: urlOf(before), to: urlOf(after) });
  });

  it("keeps a receiver's token out of the audit log, and refuses an update that leaves a field out", async () => {
    const { tenant, caller } = await setup();
    const created = await caller.webhook.create({ url: urlOf(`/t-${uid()}?token=s3cret`), eventTypes: ["member.joined"] });
    await caller.webhook.sendTest({ endpointId: created.id });
    const rows = await withTenant(tenant.id, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.tenantId, tenant.id)));
    expect(rows.filter((r) => r.action.startsWith("webhook_endpoint.")).length).toBe(2);
    expect(JSON.stringify(rows)).not.toContain("s3cret");
    const partial = { endpointId: created.id, url: urlOf("/other") } as unknown as Parameters<typeof caller.webhook.update>[0];
    expect(await trpcCode(caller.webhook.update(partial))).toBe("BAD_REQUEST");
    expect((await caller.webhook.list()).endpoints[0]!.eventTypes).toEqual(["member.joined"]);
  });

  it("records nothing when nothing changed, refuses a private URL with a 400, and another workspace's endpoint is not found", async () => {
    const { tenant, caller } = await setup();
    const url = urlOf(`/same-${uid()}`);
    const created = await caller.webhook.create({ url, description: "x" });
    expect((await caller.webhook.update({ endpointId: created.id, url, description: "x", eventTypes: [] })).changed).toEqual([]);
    expect(await auditOf(tenant.id, "webhook_endpoint.updated")).toHaveLength(0);

    for (const bad of ["http://10.0.0.1/hook", "http://[::1]/", "https://user:pw@example.com/", "not a url"]) {
      expect(await trpcCode(caller.webhook.update({ endpointId: created.id, url: bad, description: "x", eventTypes: [] })), bad).toBe("BAD_REQUEST");
    }
    expect(await trpcCode(caller.webhook.update({ endpointId: created.id, url, description: "x", eventTypes: ["no.such_type" as "member.invited"] }))).toBe("BAD_REQUEST");
    expect((await caller.webhook.list()).endpoints[0]!.url).toBe(url);

    const other = await setup();
    expect(await trpcCode(other.caller.webhook.update({ endpointId: created.id, url: urlOf("/stolen"), description: "", eventTypes: [] }))).toBe("NOT_FOUND");
    expect((await caller.webhook.list()).endpoints[0]!.url).toBe(url);
  });
});

describe("manual sends", () => {
  it("records a test send and a resend in the audit log with who asked", async () => {
    const { tenant, owner, caller } = await setup();
    const created = await caller.webhook.create({ url: urlOf(`/manual-${uid()}`) });
    await caller.webhook.sendTest({ endpointId: created.id });
    await deliverWebhooks();
    const [test] = await caller.webhook.deliveries({ endpointId: created.id });
    await caller.webhook.resend({ deliveryId: test!.id });
    const [sent] = await auditOf(tenant.id, "webhook_endpoint.test_sent");
    const [resent] = await auditOf(tenant.id, "webhook_endpoint.delivery_resent");
    expect(sent).toMatchObject({ actorUserId: owner.id, target: `webhook_endpoint:${created.id}` });
    expect(resent).toMatchObject({ actorUserId: owner.id, metadata: expect.objectContaining({ eventType: "webhook.test", deliveryId: test!.id }) });
  });
});

describe("the delivery budget", () => {
  it("counts a 2xx whose body is still trickling in at the timeout as delivered, and a 5xx that trickles as failed", async () => {
    const trickle = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(req.url === "/ok" ? 200 : 503, { "content-type": "text/plain" });
        res.write("first bytes");
        const timer = setInterval(() => res.write("."), 50);
        res.on("close", () => clearInterval(timer));
      });
    });
    await new Promise<void>((resolve) => trickle.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(trickle.address() as AddressInfo).port}`;
      const post = (path: string) => postWebhook({ url: `${base}${path}`, body: "{}", headers: {}, timeoutMs: 400, policy: webhookNetworkPolicy() });
      expect(await post("/ok")).toMatchObject({ status: 200, error: null });
      expect(await post("/busy")).toMatchObject({ status: 503, error: "The response did not finish within 0.4 s." });
    } finally {
      trickle.closeAllConnections();
      await new Promise<void>((resolve) => trickle.close(() => resolve()));
    }
  });

  it("counts a host name that never resolves against the timeout", async () => {
    const started = Date.now();
    const outcome = await postWebhook({
      url: "https://never-resolves.example.test/hook",
      body: "{}",
      headers: {},
      timeoutMs: 300,
      policy: webhookNetworkPolicy({ resolve: () => new Promise(() => {}) }),
    });
    expect(outcome).toMatchObject({ status: null, error: "The host name did not resolve within 0.3 s." });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
