import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { EVENT_TYPES, type EventType } from "../lib/event-catalog";
import { createApiKey, revokeApiKey, rotateApiKey } from "../server/api-keys/manage-api-keys";
import { applySubscriptionSnapshot } from "../server/billing/apply-subscription-snapshot";
import { completeLocalCheckout } from "../server/billing/local/complete-local-checkout";
import { localSnapshotOf } from "../server/billing/local/local-provider";
import { setCancelAtPeriodEnd, startCheckout } from "../server/billing/manage-subscription";
import { setPlanOverrides } from "../server/billing/plan-overrides";
import { recordInvoice } from "../server/billing/record-invoice";
import { transitionTenantStatus } from "../server/billing/transition-tenant-status";
import { updateBranding } from "../server/branding/branding";
import { getDb } from "../server/db/client";
import { emailOutbox, events, subscriptions } from "../server/db/schema";
import { withTenant } from "../server/db/with-tenant";
import { addDomain, checkDomain } from "../server/domains/domains";
import { fixtureResolver } from "../server/domains/dns-resolver";
import { requestWorkspaceExport, runWorkspaceExport } from "../server/exports/workspace-export";
import { acceptInvitation, inviteMember } from "../server/members/invitations";
import { changeMemberRole, leaveWorkspace, removeMember, transferOwnership } from "../server/members/manage-members";
import { deleteWorkspace } from "../server/operators/delete-workspace";
import { reactivateWorkspace } from "../server/operators/reactivate-workspace";
import { restoreWorkspace } from "../server/operators/restore-workspace";
import { publicEvent } from "../server/events/public-event";
import { deleteAccount } from "../server/users/account";
import { suspendWorkspace } from "../server/operators/suspend-workspace";
import { startSupportAccess } from "../server/support/support-access";
import { deleteTenant } from "../server/tenants/delete-tenant";
import { lockTenantOrThrow } from "../server/tenants/lock-tenant";
import { renameTenant } from "../server/tenants/rename-tenant";
import { setRequireTwoFactor } from "../server/tenants/set-require-two-factor";
import { quotaState } from "../server/usage/quota";
import { raiseUsageAlerts } from "../server/usage/raise-usage-alerts";
import { makeTenant, makeUser, TEST_META, uid } from "./factories";

// Issue 15: every catalogue event is written by the change that causes it, in its transaction:
// present when the change committed, absent when it was refused or rolled back.

type Made = Awaited<ReturnType<typeof makeTenant>>;

async function eventsOf(tenantId: string, type?: EventType) {
  const where = type ? and(eq(events.tenantId, tenantId), eq(events.type, type)) : eq(events.tenantId, tenantId);
  return withTenant(tenantId, (tx) => tx.select().from(events).where(where).orderBy(events.seq));
}

async function only(tenantId: string, type: EventType) {
  const rows = await eventsOf(tenantId, type);
  expect(rows, `${type} events`).toHaveLength(1);
  expect(rows[0]!.version).toBe(1);
  return rows[0]!;
}

async function tokenFor(email: string): Promise<string> {
  const [mail] = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, email)).orderBy(desc(emailOutbox.createdAt)).limit(1);
  return /\/invite\/([A-Za-z0-9_-]{43})/.exec(mail?.bodyText ?? "")![1]!;
}

async function paidLocally(made: Made) {
  const { url } = await startCheckout({ tenantId: made.tenant.id, actorUserId: made.owner.id, meta: TEST_META, planId: "pro", interval: "month", origin: "http://x", attemptId: randomUUID() });
  await completeLocalCheckout({ tenantId: made.tenant.id, sessionId: url.split("/").at(-1)!, cardNumber: "4242424242424242", actorUserId: made.owner.id, meta: TEST_META });
  const [sub] = await withTenant(made.tenant.id, (tx) => tx.select().from(subscriptions).where(eq(subscriptions.tenantId, made.tenant.id)));
  return { ...sub!, subscriptionId: sub!.subscriptionId! };
}

async function operator() {
  const user = await makeUser("Operator");
  await getDb().execute(sql`update users set operator_role = 'admin' where id = ${user.id}`);
  return { id: user.id, role: "admin" as const };
}

const invoice = (id: string, status: "paid" | "failed") => ({ id, number: null, status, amountCents: 2900, currency: "usd", periodEnd: null, hostedUrl: null, attempt: 1 });

/** Each catalogue type: the change that causes it, and what its event must say. */
const CASES: { type: EventType; run: (made: Made) => Promise<Record<string, unknown> | void> }[] = [
  {
    type: "workspace.created",
    run: async ({ tenant, owner }) => {
      expect((await only(tenant.id, "workspace.created")).actor).toEqual({ type: "user", id: owner.id });
      return { workspace: { id: tenant.id, slug: tenant.slug, name: tenant.name }, planId: null };
    },
  },
  {
    type: "workspace.updated",
    run: async ({ tenant, owner }) => {
      await renameTenant({ tenantId: tenant.id, actorUserId: owner.id, name: "Renamed", meta: TEST_META });
      return { workspace: { id: tenant.id, slug: tenant.slug, name: "Renamed" }, changes: ["name"] };
    },
  },
  {
    type: "workspace.suspended",
    run: async ({ tenant }) => {
      await withTenant(tenant.id, async (tx) =>
        transitionTenantStatus(tx, { tenant: await lockTenantOrThrow(tx, tenant.id), to: "suspended", reason: "trial ended", cause: "t", source: "sweep", meta: TEST_META }),
      );
      return { reason: "trial ended", previousStatus: "trialing" };
    },
  },
  {
    type: "workspace.reactivated",
    run: async ({ tenant }) => {
      for (const to of ["suspended", "active"] as const) {
        await withTenant(tenant.id, async (tx) => transitionTenantStatus(tx, { tenant: await lockTenantOrThrow(tx, tenant.id), to, reason: to, cause: to, source: "sweep", meta: TEST_META }));
      }
      return { previousStatus: "suspended" };
    },
  },
  {
    type: "workspace.cancelled",
    run: async (made) => {
      const sub = await paidLocally(made);
      await withTenant(made.tenant.id, (tx) => applySubscriptionSnapshot(tx, { tenantId: made.tenant.id, meta: TEST_META, snapshot: localSnapshotOf(sub, { status: "canceled", asOf: new Date() }) }));
      expect(await only(made.tenant.id, "subscription.cancelled")).toMatchObject({ data: { subscriptionId: sub.subscriptionId, atPeriodEnd: false } });
      return { previousStatus: "active" };
    },
  },
  {
    type: "workspace.deleted",
    run: async ({ tenant, owner }) => {
      await expect(deleteTenant({ tenantId: tenant.id, actorUserId: owner.id, confirmSlug: "not-the-slug", meta: TEST_META })).rejects.toMatchObject({ code: "BAD_REQUEST" });
      expect(await eventsOf(tenant.id, "workspace.deleted")).toHaveLength(0);
      await deleteTenant({ tenantId: tenant.id, actorUserId: owner.id, confirmSlug: tenant.slug, meta: TEST_META });
      return { workspace: { id: tenant.id, slug: tenant.slug, name: tenant.name } };
    },
  },
  {
    type: "subscription.created",
    run: async (made) => {
      const sub = await paidLocally(made);
      expect((await only(made.tenant.id, "subscription.created")).actor).toEqual({ type: "user", id: made.owner.id });
      return { subscriptionId: sub.subscriptionId, planId: "pro", status: "active" };
    },
  },
  {
    type: "subscription.plan_changed",
    run: async (made) => {
      const sub = await paidLocally(made);
      await withTenant(made.tenant.id, (tx) => applySubscriptionSnapshot(tx, { tenantId: made.tenant.id, meta: TEST_META, snapshot: localSnapshotOf(sub, { planId: "enterprise", asOf: new Date() }) }));
      return { subscriptionId: sub.subscriptionId, fromPlanId: "pro", toPlanId: "enterprise" };
    },
  },
  {
    type: "subscription.cancelled",
    run: async (made) => {
      const sub = await paidLocally(made);
      await setCancelAtPeriodEnd({ tenantId: made.tenant.id, actorUserId: made.owner.id, meta: TEST_META, attemptId: randomUUID(), cancel: true });
      return { subscriptionId: sub.subscriptionId, planId: "pro", atPeriodEnd: true, endsAt: expect.any(String) };
    },
  },
  {
    type: "invoice.paid",
    run: async ({ tenant }) => {
      const id = `in_${uid()}`;
      // Delivered twice (a webhook retry): one event.
      for (let i = 0; i < 2; i++) await withTenant(tenant.id, (tx) => recordInvoice(tx, { tenantId: tenant.id, invoice: invoice(id, "paid"), meta: TEST_META }));
      return { invoiceId: id, amountCents: 2900, currency: "usd" };
    },
  },
  {
    type: "invoice.payment_failed",
    run: async ({ tenant }) => {
      const id = `in_${uid()}`;
      await withTenant(tenant.id, (tx) => recordInvoice(tx, { tenantId: tenant.id, invoice: invoice(id, "failed"), meta: TEST_META }));
      expect((await only(tenant.id, "invoice.payment_failed")).actor).toEqual({ type: "system" });
      return { invoiceId: id, amountCents: 2900 };
    },
  },
  {
    type: "member.invited",
    run: async ({ tenant, owner }) => {
      const email = `invitee-${uid()}@example.test`;
      const invitation = await inviteMember({ tenantId: tenant.id, actorUserId: owner.id, actorRole: "owner", meta: TEST_META, email, role: "admin" });
      // Inviting the same person again is refused and writes nothing.
      await expect(inviteMember({ tenantId: tenant.id, actorUserId: owner.id, actorRole: "owner", meta: TEST_META, email, role: "admin" })).rejects.toMatchObject({ code: "CONFLICT" });
      return { invitationId: invitation.id, email, role: "admin" };
    },
  },
  {
    type: "member.joined",
    run: async ({ tenant, owner }) => {
      const invitee = await makeUser("Invitee");
      await inviteMember({ tenantId: tenant.id, actorUserId: owner.id, actorRole: "owner", meta: TEST_META, email: invitee.email, role: "member" });
      await acceptInvitation({ token: await tokenFor(invitee.email), userId: invitee.id, userEmail: invitee.email, meta: TEST_META });
      // (The factory's members joined by addMember: one event each, too.)
      const rows = await eventsOf(tenant.id, "member.joined");
      expect(rows).toHaveLength(3);
      expect(rows.at(-1)).toMatchObject({ actor: { type: "user", id: invitee.id }, data: { userId: invitee.id, email: invitee.email, role: "member" } });
      // The link is single use: a second acceptance is refused and writes nothing.
      await expect(acceptInvitation({ token: await tokenFor(invitee.email), userId: invitee.id, userEmail: invitee.email, meta: TEST_META })).rejects.toMatchObject({ code: "CONFLICT" });
      expect(await eventsOf(tenant.id, "member.joined")).toHaveLength(3);
    },
  },
  {
    type: "member.role_changed",
    run: async ({ tenant, owner, members }) => {
      const { user } = members[0]!;
      // Nobody changes their own role: refused, nothing written.
      await expect(changeMemberRole({ tenantId: tenant.id, actorUserId: owner.id, userId: owner.id, role: "admin", meta: TEST_META })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await changeMemberRole({ tenantId: tenant.id, actorUserId: owner.id, userId: user.id, role: "admin", meta: TEST_META });
      return { userId: user.id, fromRole: "member", toRole: "admin" };
    },
  },
  {
    type: "member.removed",
    run: async (made) => {
      const [removed, leaving] = [made.members[0]!.user, made.members[1]!.user];
      await removeMember({ tenantId: made.tenant.id, actorUserId: made.owner.id, userId: removed.id, meta: TEST_META });
      await leaveWorkspace({ tenantId: made.tenant.id, actorUserId: leaving.id, meta: TEST_META });
      const rows = await eventsOf(made.tenant.id, "member.removed");
      expect(rows.map((r) => r.data)).toEqual([
        { userId: removed.id, left: false },
        { userId: leaving.id, left: true },
      ]);
    },
  },
  {
    type: "api_key.created",
    run: async ({ tenant, owner }) => {
      const key = await createApiKey({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, name: "Backend", scopes: ["usage:read"], expiresInDays: null });
      await expect(createApiKey({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, name: "Backend", scopes: ["usage:read"], expiresInDays: null })).rejects.toMatchObject({
        code: "CONFLICT",
      });
      const data = { keyId: key.id, name: "Backend", prefix: key.prefix, scopes: ["usage:read"] };
      expect((await only(tenant.id, "api_key.created")).data).toEqual(data);
      // Rotation makes a new key: created again, saying which key it replaces.
      const rotated = await rotateApiKey({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, keyId: key.id });
      const rows = await eventsOf(tenant.id, "api_key.created");
      expect(rows.map((r) => r.data)).toEqual([data, { ...data, keyId: rotated.id, prefix: rotated.prefix, rotatedFromKeyId: key.id }]);
    },
  },
  {
    type: "api_key.revoked",
    run: async ({ tenant, owner }) => {
      const key = await createApiKey({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, name: "Old", scopes: ["usage:read"], expiresInDays: null });
      await revokeApiKey({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, keyId: key.id });
      await expect(revokeApiKey({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, keyId: key.id })).rejects.toMatchObject({ code: "CONFLICT" });
      return { keyId: key.id, name: "Old", prefix: key.prefix };
    },
  },
  {
    type: "usage.threshold_reached",
    run: async ({ tenant }) => {
      const period = { start: new Date("2026-11-01T00:00:00Z") };
      // Crossing 80 % twice in a period (two ingests) announces it once.
      for (let i = 0; i < 2; i++) await withTenant(tenant.id, (tx) => raiseUsageAlerts(tx, { tenant, period, quota: { units: quotaState(85, 100, false) } }));
      return { metric: "units", threshold: 80, used: 85, limit: 100, periodStart: "2026-11-01T00:00:00.000Z" };
    },
  },
  {
    type: "domain.verified",
    run: async ({ tenant, owner }) => {
      const domain = await verifiedDomain(tenant.id, owner.id);
      return { domainId: domain.id, hostname: domain.hostname };
    },
  },
  {
    type: "domain.failing",
    run: async ({ tenant, owner }) => {
      const domain = await verifiedDomain(tenant.id, owner.id);
      await checkDomain({ tenantId: tenant.id, domainId: domain.id, actorUserId: null, meta: TEST_META, resolver: fixtureResolver({}) });
      expect((await only(tenant.id, "domain.failing")).actor).toEqual({ type: "system" });
      return { domainId: domain.id, hostname: domain.hostname, problems: expect.arrayContaining([expect.stringMatching(/No TXT record/)]) };
    },
  },
  {
    type: "export.ready",
    run: async ({ tenant, owner }) => {
      const requested = await requestWorkspaceExport({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META });
      await runWorkspaceExport({ tenantId: tenant.id, exportId: requested.id });
      return { exportId: requested.id, expiresAt: expect.any(String) };
    },
  },
  {
    type: "support.access_started",
    run: async ({ tenant }) => {
      const op = await operator();
      const { grant } = await startSupportAccess({ operator: op, tenantId: tenant.id, reason: "ticket #42", minutes: 30, meta: TEST_META });
      expect((await only(tenant.id, "support.access_started")).actor).toEqual({ type: "operator", id: op.id });
      return { grantId: grant.grantId, mode: "read", minutes: 30, reason: "ticket #42" };
    },
  },
];

async function verifiedDomain(tenantId: string, ownerId: string) {
  await setPlanOverrides({ tenantId, overrides: { features: { customDomain: true } }, actorUserId: null, meta: TEST_META });
  const hostname = `portal-${uid()}.example.com`;
  const added = await addDomain({ tenantId, actorUserId: ownerId, meta: TEST_META, hostname });
  const records = { [`_atrium-challenge.${hostname}`]: { TXT: [`atrium-verification=${added.verificationToken}`] }, [hostname]: { CNAME: ["domains.localhost."] } };
  // A failed check first: still pending, no event.
  await checkDomain({ tenantId, domainId: added.id, actorUserId: ownerId, meta: TEST_META, resolver: fixtureResolver({}) });
  expect(await eventsOf(tenantId, "domain.verified")).toHaveLength(0);
  await checkDomain({ tenantId, domainId: added.id, actorUserId: ownerId, meta: TEST_META, resolver: fixtureResolver(records) });
  return added;
}

describe("the event catalogue, written by each change", () => {
  it("has a case for every catalogue type", () => {
    expect(CASES.map((c) => c.type).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it.each(CASES)("$type", async ({ type, run }) => {
    const made = await makeTenant([{ role: "member" }, { role: "member" }]);
    const expected = await run(made);
    if (expected) expect((await only(made.tenant.id, type)).data).toMatchObject(expected);
    else expect(await eventsOf(made.tenant.id, type)).not.toHaveLength(0);
  });
});

describe("events of operator actions", () => {
  it("name the operator as the actor of a suspension, a reactivation and a deletion", async () => {
    const { tenant } = await makeTenant();
    const op = await operator();
    const options = { operator: op, tenantId: tenant.id, reason: "ticket #7", meta: TEST_META };
    await suspendWorkspace(options);
    // Already suspended by an operator: refused, and no second event.
    await expect(suspendWorkspace(options)).rejects.toMatchObject({ code: "CONFLICT" });
    await reactivateWorkspace(options);
    await deleteWorkspace(options);
    await restoreWorkspace(options);
    const rows = (await eventsOf(tenant.id)).filter((e) => e.type !== "workspace.created" && e.type !== "member.joined");
    expect(rows.map((e) => [e.type, e.actor])).toEqual([
      ["workspace.suspended", { type: "operator", id: op.id }],
      ["workspace.reactivated", { type: "operator", id: op.id }],
      ["workspace.deleted", { type: "operator", id: op.id }],
      ["workspace.reactivated", { type: "operator", id: op.id }],
    ]);
    expect(rows[3]!.data).toMatchObject({ previousStatus: "deleted" });
    // Integrators are told it was platform staff, not which person (as the audit log does).
    expect(publicEvent(rows[0]!).actor).toEqual({ type: "operator" });
    expect(rows[0]!.data).toMatchObject({ reason: "ticket #7", previousStatus: "trialing" });
  });
});

describe("events of changes outside the catalogue table", () => {
  it("a member who deletes their account is removed from each workspace, as having left", async () => {
    const made = await makeTenant([{ role: "admin" }]);
    const admin = made.members[0]!.user;
    await deleteAccount({ userId: admin.id, email: admin.email, password: "a long test password", confirm: "DELETE", meta: TEST_META });
    expect((await only(made.tenant.id, "member.removed")).data).toEqual({ userId: admin.id, left: true });
  });

  it("a finished export names the member who asked for it", async () => {
    const made = await makeTenant([{ role: "member" }]);
    const member = made.members[0]!.user;
    const requested = await requestWorkspaceExport({ tenantId: made.tenant.id, actorUserId: member.id, meta: TEST_META });
    await runWorkspaceExport({ tenantId: made.tenant.id, exportId: requested.id });
    expect((await only(made.tenant.id, "export.ready")).actor).toEqual({ type: "user", id: member.id });
  });
});

describe("events and refused or rolled-back changes", () => {
  it("writes nothing when a change is a no-op or is refused", async () => {
    const { tenant, owner } = await makeTenant();
    const before = (await eventsOf(tenant.id)).length;
    await renameTenant({ tenantId: tenant.id, actorUserId: owner.id, name: tenant.name, meta: TEST_META });
    await setRequireTwoFactor({ tenantId: tenant.id, actorUserId: owner.id, required: false, meta: TEST_META });
    await expect(updateBranding({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, brandColor: "#ffffee", publicDescription: null })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(transferOwnership({ tenantId: tenant.id, actorUserId: owner.id, userId: owner.id, meta: TEST_META })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await eventsOf(tenant.id)).toHaveLength(before);
    await updateBranding({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, brandColor: "#0f766e", publicDescription: null });
    expect((await only(tenant.id, "workspace.updated")).data).toMatchObject({ changes: ["brandColor"] });
  });

  it("is gone with the transaction of its change", async () => {
    const { tenant } = await makeTenant();
    const before = (await eventsOf(tenant.id)).length;
    const rollback = new Error("rolled back after the change");
    const undone = [
      (tx: Parameters<Parameters<typeof withTenant>[1]>[0]) => recordInvoice(tx, { tenantId: tenant.id, invoice: invoice(`in_${uid()}`, "paid"), meta: TEST_META }),
      async (tx: Parameters<Parameters<typeof withTenant>[1]>[0]) =>
        transitionTenantStatus(tx, { tenant: await lockTenantOrThrow(tx, tenant.id), to: "suspended", reason: "x", cause: "x", source: "sweep", meta: TEST_META }),
      (tx: Parameters<Parameters<typeof withTenant>[1]>[0]) => raiseUsageAlerts(tx, { tenant, period: { start: new Date() }, quota: { units: quotaState(100, 100, true) } }),
    ];
    for (const change of undone) {
      await expect(
        withTenant(tenant.id, async (tx) => {
          await change(tx);
          throw rollback;
        }),
      ).rejects.toBe(rollback);
    }
    expect(await eventsOf(tenant.id)).toHaveLength(before);
  });
});
