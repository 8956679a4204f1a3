import { and, eq, like, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { EventType } from "../lib/event-catalog";
import { getDb } from "../server/db/client";
import { emailOutbox, tenants, type EventActor } from "../server/db/schema";
import { withoutTenant, withTenant } from "../server/db/with-tenant";
import { EVENT_EMAIL_MAX_AGE_MS, emailConsumer, queueEventEmails } from "../server/email/email-consumer";
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

  it("announces a suspension by billing, but leaves an operator's to the operator's own email", async () => {
    const t = await makeTenant();
    const workspace = { id: t.tenant.id, slug: t.tenant.slug, name: t.tenant.name };
    const byBilling = await emit(t, "workspace.suspended", { workspace, reason: "trial ended", previousStatus: "trialing" });
    expect((await emailsOf(byBilling)).map((m) => m.subject)).toEqual([`${t.tenant.name} has been suspended`]);
    const byOperator = await emit(t, "workspace.suspended", { workspace, reason: "abuse", previousStatus: "active" }, { type: "operator", id: t.owner.id });
    expect(await emailsOf(byOperator)).toEqual([]);
    const cancelled = await emit(t, "workspace.cancelled", { workspace, previousStatus: "active" });
    expect((await emailsOf(cancelled)).map((m) => m.subject)).toEqual([`${t.tenant.name}'s subscription has ended`]);
  });

  it("sends nothing for events without an email, for a deleted workspace, or for events older than three days", async () => {
    const t = await makeTenant();
    const invited = await emit(t, "member.invited", { invitationId: "i1", email: "someone@example.com", role: "member" });
    expect(await emailsOf(invited)).toEqual([]);

    const gone = await makeTenant();
    await withTenant(gone.tenant.id, (tx) => tx.update(tenants).set({ deletedAt: new Date() }).where(eq(tenants.id, gone.tenant.id)));
    expect(await emailsOf(await emit(gone, "invoice.payment_failed", invoice(3)))).toEqual([]);

    const event: RelayedEvent = { tenantId: t.tenant.id, id: crypto.randomUUID(), seq: 1, xid: "1", type: "invoice.paid", version: 1, data: invoice(4), actor: SYSTEM, createdAt: new Date() };
    const late = Date.now() + EVENT_EMAIL_MAX_AGE_MS + 60_000;
    expect(await withoutTenant((tx) => queueEventEmails(tx, [event], late))).toBe(0);
    expect(await withoutTenant((tx) => queueEventEmails(tx, [event], Date.now()))).toBe(1);
  });

  it("skips a workspace whose event cannot be read and still emails the others in the batch", async () => {
    const [broken, fine] = [await makeTenant(), await makeTenant()];
    const at = new Date();
    const batch: RelayedEvent[] = [
      { tenantId: broken.tenant.id, id: crypto.randomUUID(), seq: 1, xid: "1", type: "invoice.paid", version: 1, data: { invoiceId: 42 }, actor: SYSTEM, createdAt: at },
      { tenantId: fine.tenant.id, id: crypto.randomUUID(), seq: 2, xid: "1", type: "invoice.paid", version: 1, data: invoice(5), actor: SYSTEM, createdAt: at },
    ];
    expect(await withoutTenant((tx) => queueEventEmails(tx, batch, at.getTime()))).toBe(1);
    const queued = await getDb().select().from(emailOutbox).where(and(like(emailOutbox.dedupeKey, `event:${batch[1]!.id}:%`), eq(emailOutbox.toAddress, fine.owner.email)));
    expect(queued).toHaveLength(1);
  });
});
