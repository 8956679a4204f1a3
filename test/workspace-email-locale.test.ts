import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { EventType } from "../lib/event-catalog";
import { formatMoney } from "../lib/plans";
import { completeLocalCheckout } from "../server/billing/local/complete-local-checkout";
import { startCheckout } from "../server/billing/manage-subscription";
import { runLifecycleSweep } from "../server/billing/run-lifecycle-sweep";
import { tenantDomains, tenants } from "../server/db/schema";
import { withoutTenant, withTenant } from "../server/db/with-tenant";
import { addDomain, checkDomain } from "../server/domains/domains";
import { fixtureResolver } from "../server/domains/dns-resolver";
import { emailConsumer, queueEventEmails } from "../server/email/email-consumer";
import { emailDateTime } from "../server/email/email-text";
import { emailsPerLocale } from "../server/email/emails-per-locale";
import { env } from "../server/env";
import { recordEvent } from "../server/events/record-event";
import type { RelayedEvent } from "../server/events/relay";
import type { EventData } from "../server/events/schemas";
import { deleteTenant } from "../server/tenants/delete-tenant";
import { setLocale } from "../server/users/set-locale";
import { makeTenant, TEST_META, uid } from "./factories";
import { mailTo } from "./notification-relay";
import { relayCommittedEvents } from "./relay-consumer";

// The emails to a workspace's owners and billing members go to each of them in their own language
// (users.locale), through the real code paths: the emails consumer, the lifecycle sweep, checkout,
// deletion and the domain check. English stays word for word what it was.

const DAY = 86_400_000;
type Workspace = Awaited<ReturnType<typeof makeTenant>>;

/** A workspace whose owner reads German and whose billing member never chose a language. */
async function mixedWorkspace(extraRole: "billing" | "owner" = "billing") {
  const t = await makeTenant([{ role: extraRole }]);
  await setLocale({ userId: t.owner.id, locale: "de" });
  return { ...t, german: t.owner, english: t.members[0]!.user };
}

async function emit<T extends EventType>(t: Workspace, type: T, data: EventData<T>): Promise<string> {
  const id = await withTenant(t.tenant.id, (tx) => recordEvent(tx, { tenantId: t.tenant.id, type, data, actor: { type: "system" } }));
  await relayCommittedEvents(emailConsumer);
  return id;
}

const invoice = (amountCents = 9_900) => ({ invoiceId: `in_${uid()}`, amountCents, currency: "usd" });

describe("workspace emails in each recipient's language", () => {
  it("sends a failed payment and a receipt to a German owner in German and to a billing member in English", async () => {
    const t = await mixedWorkspace();
    const name = t.tenant.name;
    const dollars = formatMoney(9_900, "usd", { locale: "de" });
    expect(dollars).toMatch(/^99\s\$$/);

    const failed = await emit(t, "invoice.payment_failed", invoice());
    const de = await mailTo(t.german.email, `event:${failed}:`);
    expect(de.subject).toBe(`Handlungsbedarf: Eine Zahlung von ${dollars} für ${name} ist fehlgeschlagen`);
    expect(de.text).toBe(
      `Ihre Zahlung von ${dollars} für ${name} wurde abgelehnt. Der Workspace bleibt während einer Kulanzfrist nutzbar; aktualisieren Sie Ihre Zahlungsmethode unter Abrechnung, um eine Unterbrechung zu vermeiden.`,
    );
    expect(await mailTo(t.english.email, `event:${failed}:`)).toEqual({
      subject: `Action needed: a payment of $99 failed for ${name}`,
      text: `Your payment of $99 for ${name} was declined. The workspace stays usable during a grace period; update your payment method in Billing to avoid interruption.`,
    });

    const paid = await emit(t, "invoice.paid", invoice(12_345));
    expect((await mailTo(t.german.email, `event:${paid}:`)).subject).toBe(`Beleg: ${formatMoney(12_345, "usd", { locale: "de" })} für ${name} bezahlt`);
    expect(await mailTo(t.english.email, `event:${paid}:`)).toEqual({
      subject: `Receipt: $123.45 paid for ${name}`,
      text: `We received your payment of $123.45 for ${name}. Thank you.`,
    });
  });

  it("reminds of the trial's end and tells of the suspension in each member's language", async () => {
    const t = await mixedWorkspace();
    const name = t.tenant.name;
    const ends = t.tenant.trialEndsAt!;
    await runLifecycleSweep({ now: new Date(ends.getTime() - 2.5 * DAY) });
    const reminder = `trial-reminder:${t.tenant.id}:`;
    expect(await mailTo(t.german.email, reminder)).toEqual({
      subject: `Ihre Testphase für ${name} endet in 3 Tagen`,
      text: `Die Testphase von ${name} endet am ${emailDateTime(ends, "de")}. Wählen Sie unter Abrechnung einen Tarif, damit Ihr Workspace weiterläuft.`,
    });
    expect(await mailTo(t.english.email, reminder)).toEqual({
      subject: `Your ${name} trial ends in 3 days`,
      text: `The trial of ${name} ends on ${ends.toUTCString()}. Choose a plan in Billing to keep your workspace running.`,
    });

    await runLifecycleSweep({ now: new Date(ends.getTime() + 1_000) });
    await relayCommittedEvents(emailConsumer);
    const [suspended] = await withTenant(t.tenant.id, (tx) => tx.select({ status: tenants.status }).from(tenants).where(eq(tenants.id, t.tenant.id)));
    expect(suspended?.status).toBe("suspended");
    const de = await mailTo(t.german.email, "event:");
    expect(de.subject).toBe(`${name} wurde gesperrt`);
    expect(de.text).toContain("Es wurden keine Daten gelöscht.");
    expect(await mailTo(t.english.email, "event:")).toEqual({
      subject: `${name} has been suspended`,
      text: `Access to ${name} is paused. Choose a plan or update your payment method in Billing to restore it. No data has been deleted.`,
    });
  });

  it("welcomes a paid plan and announces a deletion in each member's language", async () => {
    const t = await mixedWorkspace();
    const name = t.tenant.name;
    const { url } = await startCheckout({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, planId: "pro", interval: "month", origin: "http://x", attemptId: randomUUID() });
    await completeLocalCheckout({ tenantId: t.tenant.id, sessionId: url.split("/").at(-1)!, cardNumber: "4242424242424242", actorUserId: t.owner.id, meta: TEST_META });
    const status = `status:${t.tenant.id}:active:`;
    expect(await mailTo(t.german.email, status)).toEqual({ subject: `${name} nutzt jetzt den Tarif Pro`, text: `Vielen Dank! Ihr Abonnement für ${name} ist aktiv.` });
    expect(await mailTo(t.english.email, status)).toEqual({ subject: `${name} is now on Pro`, text: `Thank you! Your subscription for ${name} is active.` });

    await deleteTenant({ tenantId: t.tenant.id, actorUserId: t.owner.id, confirmSlug: t.tenant.slug, meta: TEST_META });
    const deleted = `tenant-deleted:${t.tenant.id}:`;
    expect((await mailTo(t.german.email, deleted)).subject).toBe(`${name} wurde gelöscht`);
    expect((await mailTo(t.german.email, deleted)).text).toContain(`Die Daten werden ${env.WORKSPACE_RETENTION_DAYS} Tage lang aufbewahrt`);
    expect(await mailTo(t.english.email, deleted)).toEqual({
      subject: `${name} has been deleted`,
      text: `${name} was deleted. Its data is kept for ${env.WORKSPACE_RETENTION_DAYS} days and then removed for good. Contact support within that time if this was a mistake.`,
    });
  });

  it("warns the owners of a failing domain, and tells them it was disconnected, each in their language", async () => {
    const t = await mixedWorkspace("owner");
    const name = t.tenant.name;
    const hostname = `portal-${uid()}.example.com`;
    const disablesAt = new Date(Date.now() + 30 * 3_600_000);
    const failing = await emit(t, "domain.failing", { domainId: randomUUID(), hostname, problems: ["No CNAME record."], disablesAt: disablesAt.toISOString() });
    expect(await mailTo(t.german.email, `event:${failing}:`)).toEqual({
      subject: `Handlungsbedarf: ${hostname} verweist nicht mehr auf ${name}`,
      text: `Die DNS-Prüfung für ${hostname} ist fehlgeschlagen:\n\nNo CNAME record.\n\nKorrigieren Sie die Einträge bis zum ${emailDateTime(disablesAt, "de")}, sonst wird die Domain getrennt. Ihr Workspace bleibt unter seiner gewohnten Adresse erreichbar. Domains verwalten Sie unter Einstellungen → Domains.`,
    });
    expect((await mailTo(t.english.email, `event:${failing}:`)).text).toBe(
      `The DNS check for ${hostname} failed:\n\nNo CNAME record.\n\nFix the records by ${disablesAt.toUTCString()} or the domain will be disconnected. Your workspace stays reachable at its usual address. Manage domains under Settings → Domains.`,
    );

    // Failing for longer than the grace period: the next check disconnects it.
    const domain = await addDomain({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, hostname });
    const failingSince = new Date(Date.now() - (env.DOMAIN_GRACE_HOURS + 1) * 3_600_000);
    await withTenant(t.tenant.id, (tx) => tx.update(tenantDomains).set({ status: "failing", failingSince, verifiedAt: failingSince }).where(and(eq(tenantDomains.tenantId, t.tenant.id), eq(tenantDomains.id, domain.id))));
    await checkDomain({ tenantId: t.tenant.id, domainId: domain.id, actorUserId: null, meta: TEST_META, resolver: fixtureResolver({}) });
    const disabled = `domain-disabled:${domain.id}:`;
    const de = await mailTo(t.german.email, disabled);
    expect(de.subject).toBe(`${hostname} wurde getrennt`);
    expect(de.text).toMatch(new RegExp(`^${hostname.replace(/\./g, "\\.")} hat die DNS-Prüfung wiederholt nicht bestanden und führt nicht mehr zu ${name}:\n\nKein TXT-Eintrag unter _atrium-challenge\\.${hostname.replace(/\./g, "\\.")} gefunden\\.`));
    const en = await mailTo(t.english.email, disabled);
    expect(en.subject).toBe(`${hostname} has been disconnected`);
    expect(en.text).toMatch(/\n\nFix the records and press Verify under Settings → Domains to connect it again\.$/);
    // English keeps the DNS check's own sentences; the German owner read them through the domain page's catalogue.
    expect(en.text).toContain(`:\n\nNo TXT record found at _atrium-challenge.${hostname}.`);
  });

  it("keeps a workspace name that looks like message syntax literal, in both languages", async () => {
    const t = await mixedWorkspace();
    const name = `{name} '{x}'`;
    await withTenant(t.tenant.id, (tx) => tx.update(tenants).set({ name }).where(eq(tenants.id, t.tenant.id)));
    const paid = await emit(t, "invoice.paid", invoice());
    expect((await mailTo(t.german.email, `event:${paid}:`)).subject).toBe(`Beleg: ${formatMoney(9_900, "usd", { locale: "de" })} für {name} '{x}' bezahlt`);
    expect((await mailTo(t.english.email, `event:${paid}:`)).subject).toBe(`Receipt: $99 paid for {name} '{x}'`);
  });

  it("does not send an event's email twice when the recipient switched language before a replay", async () => {
    const t = await mixedWorkspace();
    const event: RelayedEvent = { tenantId: t.tenant.id, id: randomUUID(), seq: 1, xid: "1", type: "invoice.paid", version: 1, data: invoice(), actor: { type: "system" }, createdAt: new Date() };
    expect(await withoutTenant((tx) => queueEventEmails(tx, [event], new Date()))).toBe(2);
    await setLocale({ userId: t.german.id, locale: "en" });
    expect(await withoutTenant((tx) => queueEventEmails(tx, [event], new Date()))).toBe(0);
    expect((await mailTo(t.german.email, `event:${event.id}:`)).subject).toMatch(/^Beleg: /);
  });

  it("writes the words once per language that occurs, not once per recipient", () => {
    const written: string[] = [];
    const emails = emailsPerLocale(
      [
        { email: "a@example.test", locale: "de" },
        { email: "b@example.test", locale: null },
        { email: "c@example.test", locale: "en" },
        { email: "d@example.test", locale: "fr" },
        { email: "e@example.test", locale: "de" },
      ],
      (_t, locale) => {
        written.push(locale);
        return { subject: `subject ${locale}`, text: `text ${locale}` };
      },
      (to) => `key:${to}`,
    );
    expect(written).toEqual(["de", "en"]);
    expect(emails.map((e) => [e.to, e.subject, e.dedupeKey])).toEqual([
      ["a@example.test", "subject de", "key:a@example.test"],
      ["b@example.test", "subject en", "key:b@example.test"],
      ["c@example.test", "subject en", "key:c@example.test"],
      ["d@example.test", "subject en", "key:d@example.test"],
      ["e@example.test", "subject de", "key:e@example.test"],
    ]);
  });
});
