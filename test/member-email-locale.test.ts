import { randomUUID } from "node:crypto";
import { and, eq, like } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "../server/db/client";
import { emailOutbox, notifications, tenants, webhookEndpoints } from "../server/db/schema";
import { withTenant } from "../server/db/with-tenant";
import { emailDateTime } from "../server/email/email-text";
import { env } from "../server/env";
import { originFor } from "../server/hosts/parse-host";
import { setLocale } from "../server/users/set-locale";
import { createWebhookEndpoint } from "../server/webhooks/create-webhook-endpoint";
import { deliverWebhooks } from "../server/webhooks/deliver-webhooks";
import { sendTestWebhook } from "../server/webhooks/send-test-webhook";
import { makeTenant, TEST_META, uid } from "./factories";
import { emit, mailTo, relayWorkspaceSetUp, type Workspace } from "./notification-relay";
import { waitFor } from "./job-queues";

// The emails to signed-up people beyond the workspace's billing news (notifications, a disabled
// webhook endpoint) go to each person in their own language (users.locale), through the real code
// paths: the notifications consumer and the webhook delivery job. English stays what it was.
// (The weekly digest's are in insights-digest.test.ts, beside the other digest runs.)

// A delivery run may take any workspace's endpoint, also webhooks.test.ts's local receiver: this
// file allows it too, so that a run from here delivers there as that file expects.
vi.hoisted(() => {
  process.env.WEBHOOK_ALLOWED_HOSTS = "127.0.0.1";
});

const HOSTILE = `{name} '{x}'`;

/** An owner who reads German and an admin who never chose a language; the set-up's own events handed over. */
async function mixedWorkspace() {
  const t = await makeTenant([{ role: "admin" }]);
  await setLocale({ userId: t.owner.id, locale: "de" });
  await relayWorkspaceSetUp(t);
  return { ...t, german: t.owner, english: t.members[0]!.user };
}

/** What the bell stored for a person: English, whatever their language. */
async function storedFor(t: Workspace, userId: string, eventId: string) {
  const [row] = await withTenant(t.tenant.id, (tx) =>
    tx.select({ title: notifications.title, body: notifications.body }).from(notifications).where(and(eq(notifications.tenantId, t.tenant.id), eq(notifications.userId, userId), eq(notifications.eventId, eventId))),
  );
  return row!;
}

const links = (t: Workspace, path: string) => ({
  link: `${originFor({ kind: "tenant", slug: t.tenant.slug }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}${path}`,
  account: `${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/account`,
});
const english = (t: Workspace, path: string, body: string) => `${body}\n\nOpen it: ${links(t, path).link}\n\nChoose which notifications you get by email: ${links(t, path).account}`;
const german = (t: Workspace, path: string, body: string) => `${body}\n\nÖffnen: ${links(t, path).link}\n\nWählen Sie, welche Benachrichtigungen Sie per E-Mail erhalten: ${links(t, path).account}`;

describe("notification emails in each recipient's language", () => {
  it("writes a usage warning and an accepted invitation in German to a German owner, and as stored in English to an admin", async () => {
    const t = await mixedWorkspace();
    const name = t.tenant.name;
    const usage = await emit(t, "usage.threshold_reached", { metric: "units", threshold: 100, used: 10_500, limit: 10_000, periodStart: new Date().toISOString() });
    expect(await mailTo(t.german.email, `notification:${usage}:`)).toEqual({
      subject: `${name}: Nutzungseinheiten: 100 % des Limits genutzt`,
      text: german(t, "/dashboard/usage", `${name} hat in diesem Zeitraum 10.500 von 10.000 genutzt (Nutzungseinheiten). Nutzung über das Limit hinaus kann bis zum nächsten Zeitraum oder einem Upgrade abgelehnt werden.`),
    });
    const englishUsage = `${name} has used 10,500 of 10,000 usage units this period. Usage beyond the limit may be refused until the next period or an upgrade.`;
    expect(await mailTo(t.english.email, `notification:${usage}:`)).toEqual({ subject: `${name}: Usage units: 100 % of the limit used`, text: english(t, "/dashboard/usage", englishUsage) });
    // The bell keeps English for both; the app translates it when it shows it.
    expect(await storedFor(t, t.german.id, usage)).toEqual({ title: "Usage units: 100 % of the limit used", body: englishUsage });

    const joiner = `joiner-${uid()}@example.test`;
    const joined = await emit(t, "member.joined", { userId: randomUUID(), email: joiner, role: "billing" });
    expect(await mailTo(t.german.email, `notification:${joined}:`)).toEqual({
      subject: `${name}: Einladung angenommen`,
      text: german(t, "/dashboard/members", `${joiner} ist ${name} mit der Rolle Abrechnung beigetreten.`),
    });
    expect(await mailTo(t.english.email, `notification:${joined}:`)).toEqual({ subject: `${name}: Invitation accepted`, text: english(t, "/dashboard/members", `${joiner} joined ${name} as billing.`) });
  });

  it("writes a ready export and a support session in each language, keeping message syntax in names and reasons literal", async () => {
    const t = await mixedWorkspace();
    await withTenant(t.tenant.id, (tx) => tx.update(tenants).set({ name: HOSTILE }).where(eq(tenants.id, t.tenant.id)));
    const expiresAt = new Date("2026-12-01T09:15:00Z");
    const exported = await emit(t, "export.ready", { exportId: `exp-${uid()}`, expiresAt: expiresAt.toISOString() });
    const until = (tag: string) => new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(expiresAt);
    expect(until("de-DE")).toBe("01.12.2026, 09:15");
    expect(await mailTo(t.german.email, `notification:${exported}:`)).toEqual({
      subject: `${HOSTILE}: Ihr Export ist bereit`,
      text: german(t, "/dashboard/settings/data", `Der Export von ${HOSTILE} liegt unter Einstellungen → Daten bereit. Er kann bis 01.12.2026, 09:15 UTC heruntergeladen werden.`),
    });
    const englishExport = `The export of ${HOSTILE} is ready under Settings → Data. It can be downloaded until ${until("en")} UTC.`;
    expect(await mailTo(t.english.email, `notification:${exported}:`)).toEqual({ subject: `${HOSTILE}: Your export is ready`, text: english(t, "/dashboard/settings/data", englishExport) });
    expect((await storedFor(t, t.english.id, exported)).body).toBe(englishExport);

    const reason = `{reason} '{x}' ticket #4711`;
    const support = await emit(t, "support.access_started", { grantId: randomUUID(), mode: "write", minutes: 1440, reason });
    expect(await mailTo(t.german.email, `notification:${support}:`)).toEqual({
      subject: `${HOSTILE}: Der Plattform-Support hat diesen Workspace geöffnet`,
      text: german(t, "/dashboard/audit", `Mit Schreibzugriff, für 1.440 Minuten. Angegebener Grund: ${reason}`),
    });
    // English writes the minutes as the stored sentence does: no thousands separator.
    const englishSupport = `With write access, for 1440 minutes. Reason given: ${reason}`;
    expect(await mailTo(t.english.email, `notification:${support}:`)).toEqual({ subject: `${HOSTILE}: Platform support opened this workspace`, text: english(t, "/dashboard/audit", englishSupport) });
    expect((await storedFor(t, t.english.id, support)).body).toBe(englishSupport);
  });
});

describe("a disabled webhook endpoint's email in each owner's language", () => {
  it("tells a German owner in German and another owner in English, keeping message syntax in the name literal", async () => {
    const t = await makeTenant([{ role: "owner" }]);
    await setLocale({ userId: t.owner.id, locale: "de" });
    await withTenant(t.tenant.id, (tx) => tx.update(tenants).set({ name: HOSTILE }).where(eq(tenants.id, t.tenant.id)));
    // Nothing listens on port 9 (discard): every delivery fails at once.
    const url = `http://127.0.0.1:9/hook-${uid()}`;
    const endpoint = await createWebhookEndpoint({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, url, description: "", eventTypes: [] });
    // Failing for three days already: the next failure disables it. Runs use the real clock, so
    // this file never hurries another file's deliveries along.
    const failingSince = new Date(Date.now() - 3 * 86_400_000 - 60_000);
    await withTenant(t.tenant.id, (tx) => tx.update(webhookEndpoints).set({ failingSince }).where(and(eq(webhookEndpoints.tenantId, t.tenant.id), eq(webhookEndpoints.id, endpoint.id))));
    await sendTestWebhook({ tenantId: t.tenant.id, endpointId: endpoint.id, actorUserId: t.owner.id, meta: TEST_META });
    const key = `webhook-disabled:${endpoint.id}:${failingSince.toISOString()}:`;
    const sent = () => getDb().select().from(emailOutbox).where(like(emailOutbox.dedupeKey, `${key}%`));
    // Another file's run may take the endpoint first; the email is the same whoever sends it.
    await waitFor(
      async () => {
        await deliverWebhooks();
        return (await sent()).length === 2;
      },
      15_000,
      "the disabled endpoint's emails",
    );

    const settings = `${env.PUBLIC_PROTOCOL}://${t.tenant.slug}.${env.ROOT_DOMAIN}/dashboard/settings/webhooks`;
    const de = await mailTo(t.owner.email, key);
    expect(de.subject).toBe(`Ein Webhook-Endpunkt von ${HOSTILE} wurde deaktiviert`);
    expect(de.text).toMatch(new RegExp(`^Zustellungen an ${url.replace(/[.]/g, "\\.")} schlagen seit ${emailDateTime(failingSince, "de")} fehl \\(zuletzt: .+\\)\\.\n\n`));
    expect(de.text).toMatch(/Der Endpunkt ist jetzt deaktiviert und erhält keine neuen Ereignisse\. Beheben Sie das Problem und aktivieren Sie ihn dann unter Einstellungen → Webhooks wieder:\n/);
    expect(de.text.endsWith(`\n${settings}`)).toBe(true);

    const en = await mailTo(t.members[0]!.user.email, key);
    expect(en.subject).toBe(`A webhook endpoint of ${HOSTILE} was disabled`);
    expect(en.text).toMatch(new RegExp(`^Deliveries to ${url.replace(/[.]/g, "\\.")} have failed since ${failingSince.toISOString().replace(/[.]/g, "\\.")} \\(last: .+\\)\\.\n\n`));
    expect(en.text.endsWith(`\n\nThe endpoint is now disabled and receives no new events. Fix it, then enable it again under Settings → Webhooks:\n${settings}`)).toBe(true);
  });
});
