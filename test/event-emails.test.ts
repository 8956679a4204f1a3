import { and, eq, like, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { EventType } from "../lib/event-catalog";
import { getDb } from "../server/db/client";
import { emailOutbox, tenants, type EventActor } from "../server/db/schema";
import { withoutTenant, withTenant } from "../server/db/with-tenant";
import { emailConsumer, queueEventEmails } from "../server/email/email-consumer";
import { EVENT_CONSUMERS } from "../server/events/consumers";
import { recordEvent } from "../server/events/record-event";
import type { RelayedEvent } from "../server/events/relay";
import type { EventData } from "../server/events/schemas";
import { makeTenant } from "./factories";
import { relayCommittedEvents } from "./relay-consumer";

// Issue 15: the emails an event calls for (receipts, failed payments, failing domains, suspension
// and cancellation) are written by the emails consumer from the event, not by each change: one
// email per recipient and event, however often the relay hands the event over.

type Workspace = Awaited<ReturnType<typeof makeTenant>>;
const SYSTEM: EventActor = { type: "system" };

async function emit<T extends EventType>(t: Workspace, type: T, data: EventData<T>, actor: EventActor = SYSTEM): Promise<string> {
  const id = await withTenant(t.tenant.id, (tx) => recordEvent(tx, { tenantId: t.tenant.id, type, data, actor }));
  await relayCommittedEvents(emailConsumer);
  return id;
}

async function emailsOf(eventId: string) {
  const rows = await getDb().select().from(emailOutbox).where(like(emailOutbox.dedupeKey, `event:${eventId}:%`));
  return rows.map((r) => ({ to: r.toAddress, subject: r.subject, text: r.bodyText })).sort((a, b) => a.to.localeCompare(b.to));
}

const invoice = (n: number) => ({ invoiceId: `in_${n}_${Math.random().toString(36).slice(2)}`, amountCents: 9_900, currency: "usd" });

describe("emails from events", () => {
  it("is one of the relay's consumers", () => {
    expect(EVENT_CONSUMERS.map((c) => c.name)).toContain("emails");
  });

  it("tells each owner and billing member once about a failed payment, and nobody else", async () => {
    const t = await makeTenant([{ role: "billing" }, { role: "admin" }, { role: "member" }]);
    const [billing] = t.members.map((m) => m.user);
    const id = await emit(t, "invoice.payment_failed", invoice(1));
    const mail = await emailsOf(id);
    expect(mail.map((m) => m.to)).toEqual([billing!.email, t.owner.email].sort());
    expect(mail[0]!.subject).toBe(`Action needed: a payment of $99 failed for ${t.tenant.name}`);

    // The relay hands the same events over again (a cursor moved back): nothing is queued twice.
    await getDb().execute(sql`update event_consumer_cursors set last_xid = '0'::xid8, last_seq = 0 where consumer = 'emails'`);
    await relayCommittedEvents(emailConsumer);
    expect(await emailsOf(id)).toHaveLength(2);
  });

  it("sends the receipt of a paid invoice", async () => {
    const t = await makeTenant();
    const id = await emit(t, "invoice.paid", invoice(2));
    expect(await emailsOf(id)).toEqual([{ to: t.owner.email, subject: `Receipt: $99 paid for ${t.tenant.name}`, text: expect.stringContaining("Thank you") }]);
  });

  it("warns the owners of a failing domain with the problems and the date it will be disconnected", async () => {
    const t = await makeTenant([{ role: "admin" }, { role: "billing" }]);
    const disablesAt = "2031-05-04T03:02:01.000Z";
    const id = await emit(t, "domain.failing", { domainId: "d1", hostname: "shop.example.com", problems: ["No CNAME record for shop.example.com."], disablesAt });
    const mail = await emailsOf(id);
    expect(mail.map((m) => m.to)).toEqual([t.owner.email]);
    expect(mail[0]!.subject).toBe(`Action needed: shop.example.com no longer points to ${t.tenant.name}`);
    expect(mail[0]!.text).toContain("No CNAME record for shop.example.com.");
    expect(mail[0]!.text).toContain(new Date(disablesAt).toUTCString());
  });

  it("announces a suspension or cancellation by billing while it holds, and leaves an operator's to the operator's own email", async () => {
    const t = await makeTenant();
    const workspace = { id: t.tenant.id, slug: t.tenant.slug, name: t.tenant.name };
    const setStatus = (status: "suspended" | "cancelled" | "active") => withTenant(t.tenant.id, (tx) => tx.update(tenants).set({ status }).where(eq(tenants.id, t.tenant.id)));
    await setStatus("suspended");
    const byBilling = await emit(t, "workspace.suspended", { workspace, reason: "trial ended", previousStatus: "trialing" });
    expect((await emailsOf(byBilling)).map((m) => m.subject)).toEqual([`${t.tenant.name} has been suspended`]);
    const byOperator = await emit(t, "workspace.suspended", { workspace, reason: "abuse", previousStatus: "active" }, { type: "operator", id: t.owner.id });
    expect(await emailsOf(byOperator)).toEqual([]);
    await setStatus("cancelled");
    const cancelled = await emit(t, "workspace.cancelled", { workspace, previousStatus: "active" });
    expect((await emailsOf(cancelled)).map((m) => m.subject)).toEqual([`${t.tenant.name}'s subscription has ended`]);
    // Reached after the workspace was paid for again: the suspension is old news, not sent.
    await setStatus("active");
    const lifted = await emit(t, "workspace.suspended", { workspace, reason: "payment failed", previousStatus: "past_due" });
    expect(await emailsOf(lifted)).toEqual([]);
  });

  it("sends what still matters however late: money always (a deleted workspace's too), a failing domain only before its deadline", async () => {
    const t = await makeTenant();
    const invited = await emit(t, "member.invited", { invitationId: "i1", email: "someone@example.com", role: "member" });
    expect(await emailsOf(invited)).toEqual([]);

    const past = await emit(t, "domain.failing", { domainId: "d2", hostname: "old.example.com", problems: ["No CNAME record."], disablesAt: new Date(Date.now() - 60_000).toISOString() });
    expect(await emailsOf(past)).toEqual([]);

    const gone = await makeTenant();
    await withTenant(gone.tenant.id, (tx) => tx.update(tenants).set({ deletedAt: new Date(), status: "suspended" }).where(eq(tenants.id, gone.tenant.id)));
    expect((await emailsOf(await emit(gone, "invoice.payment_failed", invoice(3)))).map((m) => m.to)).toEqual([gone.owner.email]);
    const workspace = { id: gone.tenant.id, slug: gone.tenant.slug, name: gone.tenant.name };
    expect(await emailsOf(await emit(gone, "workspace.suspended", { workspace, reason: "x", previousStatus: "active" }))).toEqual([]);

    // An event from days ago, reached now (a relay that was down): the receipt still goes out.
    const late: RelayedEvent = { tenantId: t.tenant.id, id: crypto.randomUUID(), seq: 1, xid: "1", type: "invoice.paid", version: 1, data: invoice(4), actor: SYSTEM, createdAt: new Date(Date.now() - 5 * 86_400_000) };
    expect(await withoutTenant((tx) => queueEventEmails(tx, [late], new Date()))).toBe(1);
  });

  it("skips only the event whose payload cannot be read; the rest of the workspace's batch is emailed", async () => {
    const t = await makeTenant();
    const at = new Date();
    const batch: RelayedEvent[] = [
      { tenantId: t.tenant.id, id: crypto.randomUUID(), seq: 1, xid: "1", type: "invoice.paid", version: 2, data: { invoiceId: 42 }, actor: SYSTEM, createdAt: at },
      { tenantId: t.tenant.id, id: crypto.randomUUID(), seq: 2, xid: "1", type: "invoice.paid", version: 1, data: invoice(5), actor: SYSTEM, createdAt: at },
    ];
    expect(await withoutTenant((tx) => queueEventEmails(tx, batch, at))).toBe(1);
    expect(await getDb().select().from(emailOutbox).where(and(like(emailOutbox.dedupeKey, `event:${batch[1]!.id}:%`), eq(emailOutbox.toAddress, t.owner.email)))).toHaveLength(1);
    expect(await getDb().select().from(emailOutbox).where(like(emailOutbox.dedupeKey, `event:${batch[0]!.id}:%`))).toHaveLength(0);
  });
});
