import { TRPCError } from "@trpc/server";
import { eq, like, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../server/db/client";
import { emailOutbox, notifications } from "../server/db/schema";
import { withTenant } from "../server/db/with-tenant";
import { EVENT_CONSUMERS } from "../server/events/consumers";
import { notificationConsumer } from "../server/notifications/notification-consumer";
import { describeNotification } from "../server/notifications/describe-notification";
import { createCaller } from "../server/trpc/root";
import { loadWorkspaceFrame } from "../server/tenants/workspace-frame";
import { contextFor, makeTenant, makeUser } from "./factories";
import { emit, relayPast, relayWorkspaceSetUp, type Workspace } from "./notification-relay";

// Issue 15, the notification centre: each announced event becomes one notification per recipient
// (however often the relay replays it), emails follow each person's preferences, and a person sees
// and marks only their own notifications in the workspace the host names.

/** Moves the consumer's cursor back to the start: every stored event is handed over again. */
async function replayAll(): Promise<void> {
  await getDb().execute(sql`update event_consumer_cursors set last_xid = '0'::xid8, last_seq = 0 where consumer = ${notificationConsumer.name}`);
  const [last] = await getDb().execute<{ xid: string }>(sql`select max(xid::text::numeric)::text as xid from atrium_events_after('0'::xid8, 0, 1000)`);
  if (last?.xid) await relayPast(last.xid);
}

const callerFor = (user: { id: string; email: string; name: string }, t: Workspace) => createCaller({ ...contextFor({ user, tenant: t.tenant }), memo: {} });
const apexCaller = (user: { id: string; email: string; name: string }) => createCaller({ ...contextFor({ user }), memo: {} });

async function emailsFor(eventId: string): Promise<string[]> {
  const rows = await getDb().select().from(emailOutbox).where(like(emailOutbox.dedupeKey, `notification:${eventId}:%`));
  return rows.map((r) => r.toAddress).sort();
}

async function titlesOf(user: { id: string; email: string; name: string }, t: Workspace): Promise<string[]> {
  return (await callerFor(user, t).notification.list()).map((n) => n.title);
}

async function fixture() {
  const t = await makeTenant([{ role: "admin" }, { role: "billing" }, { role: "member" }]);
  // Setting the workspace up records events of its own (workspace.created, member.joined for each
  // member added): hand them over and forget what they announced, so each test sees its own only.
  await relayWorkspaceSetUp(t);
  await withTenant(t.tenant.id, (tx) => tx.delete(notifications).where(eq(notifications.tenantId, t.tenant.id)));
  const [admin, billing, member] = t.members.map((m) => m.user) as [Workspace["owner"], Workspace["owner"], Workspace["owner"]];
  return { t, owner: t.owner, admin, billing, member };
}

const usageData = (threshold: 80 | 100) => ({ metric: "units", threshold, used: threshold * 10, limit: 1000, periodStart: new Date().toISOString() });

describe("notifications from events", () => {
  it("is one of the relay's consumers", () => {
    expect(EVENT_CONSUMERS).toContain(notificationConsumer);
  });

  it("usage thresholds notify owners, admins and billing members once each, and email them", async () => {
    const { t, owner, admin, billing, member } = await fixture();
    const eventId = await emit(t, "usage.threshold_reached", usageData(80));
    for (const user of [owner, admin, billing]) expect(await titlesOf(user, t)).toEqual(["Usage units: 80 % of the limit used"]);
    expect(await titlesOf(member, t)).toEqual([]);
    expect(await emailsFor(eventId)).toEqual([owner.email, admin.email, billing.email].sort());
    const [n] = await callerFor(owner, t).notification.list();
    expect(n).toMatchObject({ category: "usage", link: "/dashboard/usage", readAt: null });
  });

  it("a payment failure notifies owners and billing members; its email is the emails consumer's, not a second one", async () => {
    const { t, owner, admin, billing } = await fixture();
    const eventId = await emit(t, "invoice.payment_failed", { invoiceId: "in_1", amountCents: 4900, currency: "usd" });
    expect(await titlesOf(owner, t)).toEqual(["A payment failed"]);
    expect(await titlesOf(billing, t)).toEqual(["A payment failed"]);
    expect(await titlesOf(admin, t)).toEqual([]);
    expect(await emailsFor(eventId)).toEqual([]);
  });

  it("an accepted invitation notifies owners and admins, but not the person who joined", async () => {
    const { t, owner, admin, member } = await fixture();
    const joined = await makeUser("Joiner");
    const eventId = await emit(t, "member.joined", { userId: admin.id, email: admin.email, role: "admin" });
    expect(await titlesOf(owner, t)).toEqual(["Invitation accepted"]);
    expect(await titlesOf(admin, t)).toEqual([]);
    expect(await titlesOf(member, t)).toEqual([]);
    expect(await emailsFor(eventId)).toEqual([owner.email]);
    await emit(t, "member.joined", { userId: joined.id, email: joined.email, role: "member" });
    expect(await titlesOf(admin, t)).toEqual(["Invitation accepted"]);
  });

  it("a ready export goes to the member who asked for it, else to owners and admins", async () => {
    const { t, owner, admin, member } = await fixture();
    await emit(t, "export.ready", { exportId: "exp-1", expiresAt: null }, { type: "user", id: member.id });
    expect(await titlesOf(member, t)).toEqual(["Your export is ready"]);
    expect(await titlesOf(owner, t)).toEqual([]);
    await emit(t, "export.ready", { exportId: "exp-2", expiresAt: new Date(Date.now() + 86_400_000).toISOString() }, { type: "system" });
    expect(await titlesOf(owner, t)).toEqual(["Your export is ready"]);
    expect(await titlesOf(admin, t)).toEqual(["Your export is ready"]);
    expect(await titlesOf(member, t)).toEqual(["Your export is ready"]);
    // Someone who is not a member (anymore) is not told about the workspace's data.
    const stranger = await makeUser();
    const eventId = await emit(t, "export.ready", { exportId: "exp-3", expiresAt: null }, { type: "user", id: stranger.id });
    expect(await emailsFor(eventId)).toEqual([owner.email, admin.email].sort());
  });

  it("a failing domain notifies owners and admins; the emails consumer emails the owners, not this one", async () => {
    const { t, owner, admin, member } = await fixture();
    const eventId = await emit(t, "domain.failing", { domainId: "dom-1", hostname: "portal.example.com", problems: ["No CNAME record"] });
    expect(await titlesOf(owner, t)).toEqual(["portal.example.com is failing its DNS check"]);
    expect(await titlesOf(admin, t)).toEqual(["portal.example.com is failing its DNS check"]);
    expect(await titlesOf(member, t)).toEqual([]);
    expect(await emailsFor(eventId)).toEqual([]);
  });

  it("a 253-character hostname is cut to fit, and cannot stop the consumer", async () => {
    const { t, owner } = await fixture();
    const hostname = `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.example`.slice(0, 253);
    await emit(t, "domain.failing", { domainId: "dom-1", hostname, problems: ["CNAME missing"] });
    const [n] = await callerFor(owner, t).notification.list();
    expect(n!.title.length).toBeLessThanOrEqual(200);
    expect(n!.title.startsWith(hostname.slice(0, 150))).toBe(true);
  });

  it("support access notifies owners and admins and is always emailed", async () => {
    const { t, owner, admin } = await fixture();
    await apexCaller(owner).notification.setPreference({ category: "usage", email: false });
    const eventId = await emit(t, "support.access_started", { grantId: crypto.randomUUID(), mode: "read", minutes: 30, reason: "Ticket 42" });
    expect(await titlesOf(owner, t)).toEqual(["Platform support opened this workspace"]);
    expect(await emailsFor(eventId)).toEqual([owner.email, admin.email].sort());
  });

  it("a replay of every event (the cursor moved back) creates no notification and no email twice", async () => {
    const { t, owner } = await fixture();
    const eventId = await emit(t, "usage.threshold_reached", usageData(80));
    await emit(t, "member.joined", { userId: crypto.randomUUID(), email: "new@example.test", role: "member" });
    const count = async () => (await withTenant(t.tenant.id, (tx) => tx.select().from(notifications).where(eq(notifications.tenantId, t.tenant.id)))).length;
    // A first replay brings back what the fixture forgot (its setup's member.joined notices).
    await replayAll();
    const before = await count();
    const titlesBefore = await titlesOf(owner, t);
    const emailsBefore = await emailsFor(eventId);
    expect(titlesBefore).toContain("Usage units: 80 % of the limit used");
    await replayAll();
    expect(await count()).toBe(before);
    expect(await emailsFor(eventId)).toEqual(emailsBefore);
    expect(await titlesOf(owner, t)).toEqual(titlesBefore);
  });

  it("a payload that does not match its schema, or a version this code does not know, is not announced", () => {
    const workspaceName = "Acme";
    expect(describeNotification({ event: { type: "usage.threshold_reached", version: 1, data: usageData(80) }, workspaceName })).not.toBeNull();
    expect(describeNotification({ event: { type: "usage.threshold_reached", version: 2, data: usageData(80) }, workspaceName })).toBeNull();
    expect(describeNotification({ event: { type: "usage.threshold_reached", version: 1, data: { ...usageData(80), threshold: 50 } }, workspaceName })).toBeNull();
    expect(describeNotification({ event: { type: "domain.failing", version: 1, data: { hostname: "<script>" } }, workspaceName })).toBeNull();
  });

  it("events the bell does not announce create nothing", async () => {
    const { t, owner } = await fixture();
    await emit(t, "member.invited", { invitationId: "inv-1", email: "x@example.test", role: "member" });
    expect(await titlesOf(owner, t)).toEqual([]);
  });
});

describe("email preferences", () => {
  it("usage emails can be turned off (and on again); billing, domains and security cannot", async () => {
    const { t, owner, admin } = await fixture();
    const prefs = apexCaller(owner).notification;
    expect(await prefs.setPreference({ category: "usage", email: false })).toEqual({ category: "usage", email: false });
    const off = await emit(t, "usage.threshold_reached", usageData(80));
    expect(await emailsFor(off)).toEqual([admin.email, ...billingEmails(t)].sort());
    // The bell still shows it.
    expect(await titlesOf(owner, t)).toEqual(["Usage units: 80 % of the limit used"]);
    await prefs.setPreference({ category: "usage", email: true });
    const on = await emit(t, "usage.threshold_reached", usageData(100));
    expect(await emailsFor(on)).toContain(owner.email);

    for (const category of ["billing", "security", "domains"] as const) {
      await expect(prefs.setPreference({ category, email: false })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    const listed = await prefs.preferences();
    expect(listed.find((p) => p.category === "billing")).toEqual({ category: "billing", email: true, locked: true });
    expect(listed.find((p) => p.category === "usage")).toEqual({ category: "usage", email: true, locked: false });
  });

  it("refuses an unknown category and a non-boolean as BAD_REQUEST", async () => {
    const owner = await makeUser();
    const prefs = apexCaller(owner).notification;
    await expect(prefs.setPreference({ category: "marketing" as never, email: false })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(prefs.setPreference({ category: "usage", email: "no" as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

function billingEmails(t: Workspace): string[] {
  return t.members.filter((m) => m.role === "billing").map((m) => m.user.email);
}

describe("reading and marking", () => {
  it("counts unread, marks one read (twice is fine) and then all", async () => {
    const { t, owner } = await fixture();
    await emit(t, "usage.threshold_reached", usageData(80));
    await emit(t, "usage.threshold_reached", usageData(100));
    const bell = callerFor(owner, t).notification;
    expect(await bell.unreadCount()).toBe(2);
    const [newest, oldest] = await bell.list();
    expect(newest!.title).toContain("100 %");
    const first = await bell.markRead({ notificationId: oldest!.id });
    const again = await bell.markRead({ notificationId: oldest!.id });
    expect(again.readAt).toEqual(first.readAt);
    expect(await bell.unreadCount()).toBe(1);
    expect(await bell.markAllRead()).toEqual({ marked: 1 });
    expect(await bell.unreadCount()).toBe(0);
    expect(await bell.markAllRead()).toEqual({ marked: 0 });
  });

  it("a member who is removed or leaves loses the workspace's notifications, so a return shows none of the old ones", async () => {
    const { t, owner, admin, billing } = await fixture();
    await emit(t, "usage.threshold_reached", usageData(80));
    expect(await titlesOf(admin, t)).toHaveLength(1);
    await callerFor(owner, t).member.remove({ userId: admin.id });
    await callerFor(billing, t).member.leave();
    const left = await withTenant(t.tenant.id, (tx) => tx.select().from(notifications).where(eq(notifications.tenantId, t.tenant.id)));
    expect(left.map((n) => n.userId)).toEqual([owner.id]);
  });

  it("the dashboard frame carries the caller's own unread count", async () => {
    const { t, owner, member } = await fixture();
    await emit(t, "usage.threshold_reached", usageData(80));
    expect((await loadWorkspaceFrame(t.tenant.id, owner.id))?.unreadNotifications).toBe(1);
    expect((await loadWorkspaceFrame(t.tenant.id, member.id))?.unreadNotifications).toBe(0);
    await callerFor(owner, t).notification.markAllRead();
    expect((await loadWorkspaceFrame(t.tenant.id, owner.id))?.unreadNotifications).toBe(0);
  });

  it("another member cannot read or mark someone else's; another workspace's ids are not found", async () => {
    const { t, owner, admin, member } = await fixture();
    const other = await makeTenant();
    await emit(t, "usage.threshold_reached", usageData(80));
    await emit(other, "usage.threshold_reached", usageData(80));
    const [mine] = await callerFor(owner, t).notification.list();
    const [theirs] = await callerFor(other.owner, other).notification.list();

    expect(await callerFor(member, t).notification.list()).toEqual([]);
    await expect(callerFor(member, t).notification.markRead({ notificationId: mine!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(admin, t).notification.markRead({ notificationId: mine!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The owner of this workspace, with the other workspace's notification id.
    await expect(callerFor(owner, t).notification.markRead({ notificationId: theirs!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The other workspace's owner, on this workspace's host: not a member, so not found at all.
    await expect(callerFor(other.owner, t).notification.list()).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(other.owner, t).notification.markRead({ notificationId: mine!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Marking all read in one's own workspace leaves others' alone.
    await callerFor(admin, t).notification.markAllRead();
    expect(await callerFor(owner, t).notification.unreadCount()).toBe(1);
    expect(await callerFor(other.owner, other).notification.unreadCount()).toBe(1);
  });

  it("refuses ids that are not UUIDs as BAD_REQUEST with a readable message", async () => {
    const { t, owner } = await fixture();
    for (const notificationId of ["1", "'; drop table notifications; --", "", "00000000-0000-0000-0000-00000000000g"]) {
      const error = await callerFor(owner, t).notification.markRead({ notificationId }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
    }
    await expect(callerFor(owner, t).notification.markRead({ notificationId: crypto.randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND", message: "That notification was not found." });
  });
});
