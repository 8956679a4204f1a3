import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeUser, TEST_META, uid } from "../../test/factories";
import { getDb } from "../db/client";
import { emailOutbox, incidents, incidentUpdates, operatorAuditEvents, statusSubscribers } from "../db/schema";
import { AppError } from "../errors";
import type { Operator } from "../operators/operator-action";
import { getStatusOverview } from "./get-status-overview";
import { listIncidents } from "./list-incidents";
import { openIncident } from "./open-incident";
import { postIncidentUpdate } from "./post-incident-update";
import { confirmSubscription } from "./confirm-subscription";
import { findSubscriberByLink, type SubscriberLinkOptions } from "./find-subscriber-by-link";
import { subscribeToIncidents } from "./subscribe-to-incidents";
import { unsubscribeFromIncidents } from "./unsubscribe-from-incidents";

async function checkSubscriberLink(purpose: "confirm" | "unsubscribe", options: SubscriberLinkOptions) {
  const subscriber = await findSubscriberByLink(purpose, options);
  return subscriber ? { email: subscriber.email, confirmed: subscriber.confirmedAt !== null } : null;
}

async function operator(role: Operator["role"] = "admin"): Promise<Operator> {
  return { id: (await makeUser("Operator")).id, role };
}

const emailsTo = (address: string) => getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, address));
const auditOf = (incidentId: string) => getDb().select().from(operatorAuditEvents).where(eq(operatorAuditEvents.target, incidentId)).orderBy(operatorAuditEvents.createdAt);

function linkIn(text: string, path: string): { s: string; t: string } {
  const match = new RegExp(`https?://status\\.[^/\\s]+${path}\\?s=([0-9a-f-]+)&t=([\\w-]+)`).exec(text);
  expect(match, `a ${path} link in:\n${text}`).not.toBeNull();
  return { s: match![1]!, t: match![2]! };
}

async function confirmedSubscriber(): Promise<string> {
  const email = `watcher-${uid()}@example.test`;
  await subscribeToIncidents({ email, ip: `198.51.100.${Math.floor(Math.random() * 250)}` });
  const [confirmation] = await emailsTo(email);
  const { s, t } = linkIn(confirmation!.bodyText, "/subscribe/confirm");
  await confirmSubscription({ subscriberId: s, token: t });
  return email;
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const validIncident = { title: "Dashboard errors in eu-west", impact: "major", components: ["dashboard", "api"], status: "investigating", body: "Some dashboards answer 500; we are looking into it." };

describe("incidents", () => {
  it("open, update, resolve: each step audited, shown on the status page, and emailed to confirmed subscribers only", async () => {
    const admin = await operator();
    const watcher = await confirmedSubscriber();
    const unconfirmed = `pending-${uid()}@example.test`;
    await subscribeToIncidents({ email: unconfirmed, ip: "198.51.100.201" });

    const { incident, emailsQueued } = await openIncident({ operator: admin, input: validIncident, meta: TEST_META });
    expect(incident).toMatchObject({ title: validIncident.title, status: "investigating", impact: "major", components: ["dashboard", "api"], resolvedAt: null });
    expect(emailsQueued).toBeGreaterThanOrEqual(1);

    let overview = await getStatusOverview();
    const shown = overview.incidents.find((i) => i.id === incident.id)!;
    expect(shown.updates.map((u) => u.body)).toEqual([validIncident.body]);
    // An open major incident makes its components at least a partial outage.
    expect(overview.components.find((c) => c.component === "dashboard")!.state).toBe("partial-outage");

    await postIncidentUpdate({ operator: admin, input: { incidentId: incident.id, status: "identified", body: "A bad deploy; rolling back." }, meta: TEST_META });
    const { incident: resolved } = await postIncidentUpdate({ operator: admin, input: { incidentId: incident.id, status: "resolved", body: "Rolled back; all dashboards answer." }, meta: TEST_META });
    expect(resolved.status).toBe("resolved");
    expect(resolved.resolvedAt).toBeInstanceOf(Date);

    overview = await getStatusOverview();
    const after = overview.incidents.find((i) => i.id === incident.id)!;
    expect(after.resolvedAt).not.toBeNull();
    expect(after.updates.map((u) => u.status)).toEqual(["resolved", "identified", "investigating"]);

    const audit = await auditOf(incident.id);
    expect(audit.map((a) => a.action)).toEqual(["incident.opened", "incident.updated", "incident.resolved"]);
    expect(audit.every((a) => a.actorUserId === admin.id && a.ip === TEST_META.ip)).toBe(true);
    expect(audit[0]!.metadata).toMatchObject({ impact: "major", components: ["dashboard", "api"] });

    const mails = (await emailsTo(watcher)).filter((m) => m.dedupeKey.startsWith("status-incident:"));
    expect(mails.map((m) => m.subject).sort()).toEqual([`[Incident] ${validIncident.title}`, `[Resolved] ${validIncident.title}`, `[Update] ${validIncident.title}`].sort());
    for (const mail of mails) linkIn(mail.bodyText, "/unsubscribe");
    // The unconfirmed address got its confirmation only.
    expect((await emailsTo(unconfirmed)).map((m) => m.subject)).toEqual(["Confirm your subscription to incident updates"]);

    // A resolved incident takes no more updates.
    const closed = await errorOf(postIncidentUpdate({ operator: admin, input: { incidentId: incident.id, status: "monitoring", body: "Still here?" }, meta: TEST_META }));
    expect(closed.status).toBe(409);
  });

  it("refuses support operators (403) and writes nothing", async () => {
    const support = await operator("support");
    const before = (await getDb().select({ id: incidents.id }).from(incidents)).length;
    const error = await errorOf(openIncident({ operator: support, input: validIncident, meta: TEST_META }));
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/operator admins/);
    expect((await getDb().select({ id: incidents.id }).from(incidents)).length).toBe(before);
    const [open] = await listIncidents({ resolvedWithinDays: 1 });
    if (open) expect((await errorOf(postIncidentUpdate({ operator: support, input: { incidentId: open.id, status: "resolved", body: "done" }, meta: TEST_META }))).status).toBe(403);
  });

  it("answers bad input with a readable 400 (or 404), never a 500", async () => {
    const admin = await operator();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...validIncident, title: "x".repeat(10_000) }, /under 200 characters/],
      [{ ...validIncident, title: "Outage\u0000now" }, /NUL character/],
      [{ ...validIncident, body: "Broken \ud800 text" }, /broken character/],
      [{ ...validIncident, body: "y".repeat(10_000) }, /under 5,000 characters/],
      [{ ...validIncident, components: [] }, /at least one affected component/],
      [{ ...validIncident, components: ["dashboard", "mainframe"] }, /affected components from the list/],
      [{ ...validIncident, components: "dashboard" }, /./],
      [{ ...validIncident, impact: "apocalyptic" }, /Choose the impact/],
      [{ ...validIncident, status: "resolved" }, /Choose a status/],
      [{ ...validIncident, title: undefined }, /Enter text|title/i],
    ];
    for (const [input, message] of cases) {
      const error = await errorOf(openIncident({ operator: admin, input: input as never, meta: TEST_META }));
      expect(error.status, JSON.stringify(input).slice(0, 80)).toBe(400);
      expect(error.message).toMatch(message);
    }
    const { incident } = await openIncident({ operator: admin, input: validIncident, meta: TEST_META });
    const nul = await errorOf(postIncidentUpdate({ operator: admin, input: { incidentId: incident.id, status: "monitoring", body: "a\u0000b" }, meta: TEST_META }));
    expect(nul.status).toBe(400);
    expect(nul.fieldErrors?.body?.[0]).toMatch(/NUL/);
    for (const incidentId of ["not-a-uuid", "00000000-0000-4000-8000-000000000000", "\u0000"]) {
      expect((await errorOf(postIncidentUpdate({ operator: admin, input: { incidentId, status: "monitoring", body: "ok then" }, meta: TEST_META }))).status).toBe(404);
    }
    expect((await errorOf(postIncidentUpdate({ operator: admin, input: { incidentId: incident.id, status: "gone", body: "ok then" }, meta: TEST_META }))).status).toBe(400);
  });
});

describe("opening an incident twice", () => {
  it("a double submit opens it once and emails once; another title, or later, is another incident", async () => {
    const admin = await operator();
    const title = `Double submit ${uid()}`;
    const input = { ...validIncident, title };
    const outcomes = await Promise.allSettled([openIncident({ operator: admin, input, meta: TEST_META }), openIncident({ operator: admin, input, meta: TEST_META })]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/a moment ago/) });
    expect(await getDb().select().from(incidents).where(eq(incidents.title, title))).toHaveLength(1);
    // A different title from the same operator is a different incident.
    await openIncident({ operator: admin, input: { ...input, title: `${title} (second)` }, meta: TEST_META });
    // Another operator's identical title is not held back either.
    await openIncident({ operator: await operator(), input, meta: TEST_META });
    expect(await getDb().select().from(incidents).where(like(incidents.title, `${title}%`))).toHaveLength(3);
  });

  it("an update sent twice (two tabs, a double click) is posted and mailed once; other words are another update", async () => {
    const admin = await operator();
    const { incident } = await openIncident({ operator: admin, input: { ...validIncident, title: `Twice ${uid()}` }, meta: TEST_META });
    const input = { incidentId: incident.id, status: "identified" as const, body: "A bad deploy; rolling back." };
    const outcomes = await Promise.allSettled([postIncidentUpdate({ operator: admin, input, meta: TEST_META }), postIncidentUpdate({ operator: admin, input, meta: TEST_META })]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
    expect(await getDb().select().from(incidentUpdates).where(and(eq(incidentUpdates.incidentId, incident.id), eq(incidentUpdates.status, "identified")))).toHaveLength(1);
    await postIncidentUpdate({ operator: admin, input: { ...input, body: "Rollback done; watching." }, meta: TEST_META });
  });
});

describe("incident email subscriptions", () => {
  it("double opt-in: the confirmation link confirms only its address; unsubscribe removes the address", async () => {
    const email = `Sub-${uid()}@Example.test`;
    const answer = await subscribeToIncidents({ email, ip: "198.51.100.77" });
    expect(answer.message).toMatch(/Check your inbox/);
    const address = email.toLowerCase();
    const [row] = await getDb().select().from(statusSubscribers).where(eq(statusSubscribers.email, address));
    expect(row!.confirmedAt).toBeNull();
    const [confirmation] = await emailsTo(address);
    const confirm = linkIn(confirmation!.bodyText, "/subscribe/confirm");
    const unsubscribe = linkIn(confirmation!.bodyText, "/unsubscribe");

    // An altered token, or the unsubscribe token used to confirm, opens nothing.
    expect(await checkSubscriberLink("confirm", { subscriberId: confirm.s, token: confirm.t.slice(0, -2) + "AA" })).toBeNull();
    expect(await checkSubscriberLink("confirm", { subscriberId: confirm.s, token: unsubscribe.t })).toBeNull();
    expect((await errorOf(confirmSubscription({ subscriberId: confirm.s, token: "x" }))).status).toBe(404);
    expect((await errorOf(confirmSubscription({ subscriberId: "\u0000", token: ["array"] }))).status).toBe(404);

    expect(await checkSubscriberLink("confirm", { subscriberId: confirm.s, token: confirm.t })).toEqual({ email: address, confirmed: false });
    await confirmSubscription({ subscriberId: confirm.s, token: confirm.t });
    expect(await checkSubscriberLink("confirm", { subscriberId: confirm.s, token: confirm.t })).toEqual({ email: address, confirmed: true });

    // Subscribing a confirmed address again sends nothing, and says the same.
    expect((await subscribeToIncidents({ email: address, ip: "198.51.100.78" })).message).toBe(answer.message);
    expect(await emailsTo(address)).toHaveLength(1);

    await unsubscribeFromIncidents({ subscriberId: unsubscribe.s, token: unsubscribe.t });
    expect(await getDb().select().from(statusSubscribers).where(eq(statusSubscribers.email, address))).toEqual([]);
    expect((await errorOf(unsubscribeFromIncidents({ subscriberId: unsubscribe.s, token: unsubscribe.t }))).status).toBe(404);
  });

  it("refuses bad addresses readably and throttles the form per address", async () => {
    for (const email of ["not an email", "a\u0000b@example.test", `${"x".repeat(10_000)}@example.test`, 42]) {
      const error = await errorOf(subscribeToIncidents({ email, ip: "198.51.100.90" }));
      expect(error.status).toBe(400);
      expect(error.fieldErrors?.email?.[0]).toBeTruthy();
    }
    const email = `flood-${uid()}@example.test`;
    for (let i = 0; i < 3; i++) await subscribeToIncidents({ email, ip: `198.51.100.${100 + i}` });
    const throttled = await errorOf(subscribeToIncidents({ email, ip: "198.51.100.110" }));
    expect(throttled.status).toBe(429);
    expect(throttled.message).toMatch(/Try again in/);
    expect(await getDb().select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, email), like(emailOutbox.dedupeKey, "status-confirm:%")))).toHaveLength(3);
  });
});
