import { randomUUID } from "node:crypto";
import { and, eq, like } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeTenant, makeUser, TEST_META } from "../../test/factories";
import { completeLocalCheckout } from "../billing/local/complete-local-checkout";
import { changePlan, startCheckout } from "../billing/manage-subscription";
import { getSuspensionCause } from "../tenants/get-suspension-cause";
import { getEntitlements } from "../billing/plan-overrides";
import { applySubscriptionSnapshot } from "../billing/apply-subscription-snapshot";
import { localProvider, localSnapshotOf } from "../billing/local/local-provider";
import { getDb } from "../db/client";
import { withTenant } from "../db/with-tenant";
import { auditEvents, emailOutbox, invitations, operatorAuditEvents, subscriptions, tenants, userRecoveryCodes, userTotp } from "../db/schema";
import { env } from "../env";
import { inviteMember } from "../members/invitations";
import { PLANS } from "../../lib/plans";
import { cancelWorkspace } from "./cancel-workspace";
import { changeWorkspacePlan } from "./change-workspace-plan";
import { compWorkspacePlan } from "./comp-workspace-plan";
import { deleteWorkspace } from "./delete-workspace";
import { extendTrial } from "./extend-trial";
import { getWorkspaceTimeline } from "./get-workspace-timeline";
import type { Operator } from "./operator-action";
import { reactivateWorkspace } from "./reactivate-workspace";
import { resendInvitationAsOperator } from "./resend-invitation";
import { resendVerificationEmailAsOperator } from "./resend-verification-email";
import { resetSecondFactor } from "./reset-second-factor";
import { restoreWorkspace } from "./restore-workspace";
import { setWorkspaceOverride } from "./set-workspace-override";
import { suspendWorkspace } from "./suspend-workspace";

const DAY = 86_400_000;

async function makeOperator(role: Operator["role"] = "admin"): Promise<Operator> {
  const user = await makeUser("Operator");
  return { id: user.id, role };
}

async function tenantRow(tenantId: string) {
  return withTenant(tenantId, async (tx) => (await tx.select().from(tenants).where(eq(tenants.id, tenantId)))[0]!);
}

/** Both audit rows of one action: the operator log's and the workspace's own. */
async function auditPair(tenantId: string, action: string) {
  const operatorRows = await getDb().select().from(operatorAuditEvents).where(and(eq(operatorAuditEvents.targetTenantId, tenantId), eq(operatorAuditEvents.action, action)));
  const workspaceRows = await withTenant(tenantId, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.action, action))));
  return { operatorRows, workspaceRows };
}

async function subjectsTo(address: string) {
  return (await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, address))).map((e) => e.subject);
}

async function paidLocally() {
  const made = await makeTenant();
  const { url } = await startCheckout({ tenantId: made.tenant.id, actorUserId: made.owner.id, meta: TEST_META, planId: "pro", interval: "month", origin: "http://x", attemptId: randomUUID() });
  await completeLocalCheckout({ tenantId: made.tenant.id, sessionId: url.split("/").at(-1)!, cardNumber: "4242424242424242", actorUserId: made.owner.id, meta: TEST_META });
  return made;
}

const base = (operator: Operator, tenantId: string, reason = "abuse report #42") => ({ operator, tenantId, reason, meta: TEST_META });

describe("operator actions: who may act and with what reason", () => {
  it("refuses support operators and non-operators, and changes nothing", async () => {
    const { tenant } = await makeTenant();
    const support = await makeOperator("support");
    await expect(suspendWorkspace(base(support, tenant.id))).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/operator admins/) });
    await expect(suspendWorkspace({ ...base(support, tenant.id), operator: null as never })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(suspendWorkspace({ ...base(support, tenant.id), operator: { id: support.id, role: "owner" } as never })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(extendTrial({ ...base(support, tenant.id), days: 3 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(resetSecondFactor({ operator: support, userId: randomUUID(), reason: "lost phone", meta: TEST_META })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await tenantRow(tenant.id)).status).toBe("trialing");
    expect((await auditPair(tenant.id, "operator.workspace_suspended")).operatorRows).toHaveLength(0);
    // Support may read the timeline; a non-operator may not.
    expect((await getWorkspaceTimeline({ operator: support, tenantId: tenant.id })).map((e) => e.to)).toEqual(["trialing"]);
    await expect(getWorkspaceTimeline({ operator: { id: support.id, role: "member" } as never, tenantId: tenant.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("needs a reason of 3 to 500 characters (trimmed), storable text, with a readable 400", async () => {
    const { tenant } = await makeTenant();
    const admin = await makeOperator();
    for (const reason of ["", "  ab  ", "x".repeat(501), undefined, 42]) {
      await expect(suspendWorkspace({ ...base(admin, tenant.id), reason: reason as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    await expect(suspendWorkspace({ ...base(admin, tenant.id), reason: "bad\u0000reason" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(suspendWorkspace({ ...base(admin, tenant.id), reason: "a" })).rejects.toMatchObject({ message: "Say why (at least 3 characters)." });
    expect((await tenantRow(tenant.id)).status).toBe("trialing");
    await suspendWorkspace({ ...base(admin, tenant.id), reason: "   chargeback fraud   " });
    const { operatorRows, workspaceRows } = await auditPair(tenant.id, "operator.workspace_suspended");
    expect(operatorRows[0]!.reason).toBe("chargeback fraud");
    expect(workspaceRows[0]!.metadata).toMatchObject({ reason: "chargeback fraud", by: "platform support" });
  });

  it("an unknown or malformed workspace id is not found", async () => {
    const admin = await makeOperator();
    await expect(suspendWorkspace(base(admin, randomUUID()))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(suspendWorkspace(base(admin, "not-a-uuid'; drop table tenants"))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("suspend and reactivate", () => {
  it("suspends with both audit rows, a timeline row and an email to the owners; reactivates back to the trial", async () => {
    const { tenant, owner } = await makeTenant();
    const admin = await makeOperator();
    await suspendWorkspace(base(admin, tenant.id, "spam campaign"));
    const row = await tenantRow(tenant.id);
    expect(row.status).toBe("suspended");
    expect(row.operatorSuspendedAt).not.toBeNull();
    const { operatorRows, workspaceRows } = await auditPair(tenant.id, "operator.workspace_suspended");
    expect(operatorRows).toHaveLength(1);
    expect(operatorRows[0]).toMatchObject({ actorUserId: admin.id, reason: "spam campaign", target: `tenant:${tenant.slug}`, ip: TEST_META.ip });
    expect(workspaceRows).toHaveLength(1);
    expect(workspaceRows[0]).toMatchObject({ actorUserId: null, metadata: expect.objectContaining({ by: "platform support", reason: "spam campaign" }) });
    expect(await subjectsTo(owner.email)).toContain(`${tenant.name} has been suspended by platform support`);

    await reactivateWorkspace(base(admin, tenant.id, "resolved with the customer"));
    const back = await tenantRow(tenant.id);
    expect([back.status, back.operatorSuspendedAt]).toEqual(["trialing", null]);
    expect(await subjectsTo(owner.email)).toContain(`${tenant.name} is available again`);
    const timeline = await getWorkspaceTimeline({ operator: admin, tenantId: tenant.id });
    expect(timeline.map((e) => [e.from, e.to, e.source, e.reason])).toEqual([
      [null, "trialing", "owner", "workspace created"],
      ["trialing", "suspended", "operator", "spam campaign"],
      ["suspended", "trialing", "operator", "resolved with the customer"],
    ]);
    // The timeline (operators only) names the operator who acted.
    expect(timeline.slice(1).map((e) => e.actor?.id)).toEqual([admin.id, admin.id]);
    await expect(reactivateWorkspace(base(admin, tenant.id))).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("a double submit or two tabs: one transition, one audit pair, one email; the other gets a 409", async () => {
    const { tenant, owner } = await makeTenant();
    const admin = await makeOperator();
    const results = await Promise.allSettled([suspendWorkspace(base(admin, tenant.id)), suspendWorkspace(base(admin, tenant.id)), suspendWorkspace(base(admin, tenant.id))]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
    const { operatorRows, workspaceRows } = await auditPair(tenant.id, "operator.workspace_suspended");
    expect([operatorRows.length, workspaceRows.length]).toEqual([1, 1]);
    expect((await getWorkspaceTimeline({ operator: admin, tenantId: tenant.id })).filter((e) => e.to === "suspended")).toHaveLength(1);
    expect((await subjectsTo(owner.email)).filter((s) => s.includes("suspended"))).toHaveLength(1);
  });

  it("an operator's suspension holds against billing: a renewal's 'active' does not lift it", async () => {
    const { tenant } = await paidLocally();
    const admin = await makeOperator();
    await suspendWorkspace(base(admin, tenant.id));
    await withTenant(tenant.id, async (tx) => {
      const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenant.id));
      await applySubscriptionSnapshot(tx, { tenantId: tenant.id, meta: TEST_META, snapshot: localSnapshotOf({ ...sub!, subscriptionId: sub!.subscriptionId! }, { status: "active", asOf: new Date() }) });
    });
    expect((await tenantRow(tenant.id)).status).toBe("suspended");
    // Reactivation follows the live subscription.
    expect(await reactivateWorkspace(base(admin, tenant.id))).toEqual({ status: "active" });
  });

  it("cancelling and subscribing again is no way out of an operator's suspension: the hold outlives the subscription's end, and no plan is bought or changed under it", async () => {
    const { tenant, owner } = await paidLocally();
    const admin = await makeOperator();
    await suspendWorkspace(base(admin, tenant.id));
    const attempt = { tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, interval: "month" as const, attemptId: randomUUID() };
    await expect(changePlan({ ...attempt, planId: "starter" })).rejects.toMatchObject({ code: "FORBIDDEN", reason: "operator_suspended" });
    // The subscription ends (cancelled in Billing, or at Stripe): the workspace is cancelled, still held.
    await withTenant(tenant.id, async (tx) => {
      const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenant.id));
      await applySubscriptionSnapshot(tx, { tenantId: tenant.id, meta: TEST_META, snapshot: localSnapshotOf({ ...sub!, subscriptionId: sub!.subscriptionId! }, { status: "canceled", asOf: new Date() }) });
    });
    const row = await tenantRow(tenant.id);
    expect(row.status).toBe("cancelled");
    expect(row.operatorSuspendedAt).not.toBeNull();
    expect(await getSuspensionCause({ tenantId: tenant.id })).toBe("platform");
    await expect(startCheckout({ ...attempt, planId: "pro", origin: "http://x" })).rejects.toMatchObject({ code: "FORBIDDEN", reason: "operator_suspended" });
    // Only an operator lifts it.
    await reactivateWorkspace(base(admin, tenant.id));
    expect((await tenantRow(tenant.id)).operatorSuspendedAt).toBeNull();
    await startCheckout({ ...attempt, planId: "pro", origin: "http://x", attemptId: randomUUID() });
  });

  it("a workspace the sweep suspended is put on hold (no second status change, a timeline note)", async () => {
    const { tenant } = await makeTenant();
    const admin = await makeOperator();
    const { runLifecycleSweep } = await import("../billing/run-lifecycle-sweep");
    await runLifecycleSweep({ now: new Date(tenant.trialEndsAt!.getTime() + 1000) });
    expect((await tenantRow(tenant.id)).status).toBe("suspended");
    await suspendWorkspace(base(admin, tenant.id));
    expect((await tenantRow(tenant.id)).operatorSuspendedAt).not.toBeNull();
    const timeline = await getWorkspaceTimeline({ operator: admin, tenantId: tenant.id });
    // (The sweep ran on a clock two weeks ahead, so its row sorts last here.)
    expect(timeline.map((e) => `${e.from}>${e.to}:${e.source}`).sort()).toEqual(["null>trialing:owner", "suspended>suspended:operator", "trialing>suspended:sweep"]);
    // Its trial cannot be extended from under the operator's hold.
    await expect(extendTrial({ ...base(admin, tenant.id), days: 7 })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("trial, plans and overrides", () => {
  it("extends a trial by N days (bounded), and brings a trial the sweep ended back", async () => {
    const { tenant, owner } = await makeTenant();
    const admin = await makeOperator();
    const before = (await tenantRow(tenant.id)).trialEndsAt!;
    const { trialEndsAt } = await extendTrial({ ...base(admin, tenant.id, "sales call next week"), days: 7 });
    expect(trialEndsAt.getTime()).toBe(before.getTime() + 7 * DAY);
    expect(await subjectsTo(owner.email)).toEqual(expect.arrayContaining([expect.stringContaining(`Your ${tenant.name} trial now ends on`)]));
    expect((await auditPair(tenant.id, "operator.trial_extended")).operatorRows[0]!.metadata).toMatchObject({ days: 7 });
    for (const days of [0, -3, 1.5, 61, "ten", null]) {
      await expect(extendTrial({ ...base(admin, tenant.id), days: days as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    // 14 + 7 days now; 60 + 60 more would pass the 90-day ceiling.
    await extendTrial({ ...base(admin, tenant.id), days: 60 });
    await expect(extendTrial({ ...base(admin, tenant.id), days: 60 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/at most 90 days/) });

    const other = await makeTenant();
    const { runLifecycleSweep } = await import("../billing/run-lifecycle-sweep");
    await runLifecycleSweep({ now: new Date(other.tenant.trialEndsAt!.getTime() + 1000) });
    await extendTrial({ ...base(admin, other.tenant.id), days: 5 });
    const row = await tenantRow(other.tenant.id);
    expect(row.status).toBe("trialing");
    expect(row.trialEndsAt!.getTime()).toBeGreaterThan(Date.now() + 4 * DAY);
  });

  it("comps a plan without billing; refuses while a subscription is live, where the change goes through the provider", async () => {
    const { tenant, owner } = await makeTenant();
    const admin = await makeOperator();
    await compWorkspacePlan({ ...base(admin, tenant.id, "partner program"), planId: "enterprise" });
    const row = await tenantRow(tenant.id);
    expect([row.status, row.planId]).toEqual(["active", "enterprise"]);
    expect((await getEntitlements({ tenantId: tenant.id })).planId).toBe("enterprise");
    expect(await subjectsTo(owner.email)).toContain(`${tenant.name} is now on Enterprise`);
    await expect(compWorkspacePlan({ ...base(admin, tenant.id), planId: "enterprise" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(compWorkspacePlan({ ...base(admin, tenant.id), planId: "platinum" })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const paid = await paidLocally();
    await expect(compWorkspacePlan({ ...base(admin, paid.tenant.id), planId: "enterprise" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/through billing/) });
    await expect(changeWorkspacePlan({ ...base(admin, tenant.id), planId: "starter", interval: "month" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(changeWorkspacePlan({ ...base(admin, paid.tenant.id), planId: "pro", interval: "month" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(changeWorkspacePlan({ ...base(admin, paid.tenant.id), planId: "starter", interval: "weekly" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await changeWorkspacePlan({ ...base(admin, paid.tenant.id, "downgrade agreed by phone"), planId: "starter", interval: "year" });
    expect((await tenantRow(paid.tenant.id)).planId).toBe("starter");
    const { operatorRows, workspaceRows } = await auditPair(paid.tenant.id, "operator.plan_changed");
    expect([operatorRows.length, workspaceRows.length]).toEqual([1, 1]);
    expect(await subjectsTo(paid.owner.email)).toContain(`${paid.tenant.name} is moving to Starter`);
  });

  it("grants and revokes a feature, raises a limit, and an expiry ends the override by itself", async () => {
    const { tenant, owner } = await makeTenant();
    const admin = await makeOperator();
    await compWorkspacePlan({ ...base(admin, tenant.id), planId: "starter" });
    expect((await getEntitlements({ tenantId: tenant.id })).features.sso).toBe(false);
    await setWorkspaceOverride({ ...base(admin, tenant.id, "pilot"), change: { kind: "feature", feature: "sso", value: true } });
    expect((await getEntitlements({ tenantId: tenant.id })).features.sso).toBe(true);
    await setWorkspaceOverride({ ...base(admin, tenant.id, "pilot"), change: { kind: "limit", metric: "members", value: 250 }, expiresAt: new Date(Date.now() + 30 * DAY) });
    expect((await getEntitlements({ tenantId: tenant.id })).limits.members).toBe(250);
    expect((await tenantRow(tenant.id)).planOverrides).toMatchObject({ features: { sso: true }, limits: { members: 250 }, until: { limits: { members: expect.any(String) } } });
    expect((await subjectsTo(owner.email)).filter((s) => s === `${tenant.name}: your plan was adjusted`)).toHaveLength(2);
    expect((await auditPair(tenant.id, "operator.override_changed")).workspaceRows).toHaveLength(2);

    // An expiry already passed: the entitlement falls back to the plan.
    const { limitOf } = await import("../billing/entitlements");
    const row = await tenantRow(tenant.id);
    expect(limitOf({ status: row.status, planId: row.planId, overrides: row.planOverrides }, "members", new Date(Date.now() + 31 * DAY))).toBe(PLANS.starter.limits.members);

    await setWorkspaceOverride({ ...base(admin, tenant.id, "pilot over"), change: { kind: "feature", feature: "sso", value: null } });
    expect((await getEntitlements({ tenantId: tenant.id })).features.sso).toBe(false);
    await expect(setWorkspaceOverride({ ...base(admin, tenant.id), change: { kind: "feature", feature: "teleport", value: true } as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(setWorkspaceOverride({ ...base(admin, tenant.id), change: { kind: "limit", metric: "members", value: -5 } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(setWorkspaceOverride({ ...base(admin, tenant.id), change: { kind: "limit", metric: "members", value: 9 }, expiresAt: new Date(Date.now() - DAY) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(setWorkspaceOverride({ ...base(admin, tenant.id), change: { kind: "limit", metric: "members", value: 9 }, expiresAt: new Date("nonsense") })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("cancel, delete and restore", () => {
  it("cancels a workspace without a subscription at once, and one with a subscription at its period end", async () => {
    const { tenant, owner } = await makeTenant();
    const admin = await makeOperator();
    expect(await cancelWorkspace(base(admin, tenant.id, "customer asked by email"))).toEqual({ when: "now" });
    expect((await tenantRow(tenant.id)).status).toBe("cancelled");
    expect(await subjectsTo(owner.email)).toContain(`${tenant.name} has been cancelled`);
    await expect(cancelWorkspace(base(admin, tenant.id))).rejects.toMatchObject({ code: "CONFLICT" });

    const paid = await paidLocally();
    const outcome = await cancelWorkspace(base(admin, paid.tenant.id, "customer asked by email"));
    expect(outcome.when).toBe("period_end");
    const sub = await withTenant(paid.tenant.id, async (tx) => (await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, paid.tenant.id)))[0]!);
    expect(sub.cancelAtPeriodEnd).toBe(true);
    expect((await tenantRow(paid.tenant.id)).status).toBe("active");
    await expect(cancelWorkspace(base(admin, paid.tenant.id))).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await auditPair(paid.tenant.id, "operator.workspace_cancelled")).operatorRows).toHaveLength(1);
  });

  it("deletes and restores within retention; acting on a deleted workspace is a clear 409; after retention restoring is refused", async () => {
    const { tenant, owner } = await makeTenant();
    const admin = await makeOperator();
    await deleteWorkspace(base(admin, tenant.id, "duplicate signup"));
    expect((await tenantRow(tenant.id)).deletedAt).not.toBeNull();
    expect(await subjectsTo(owner.email)).toContain(`${tenant.name} has been deleted`);
    await expect(suspendWorkspace(base(admin, tenant.id))).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/deleted.*Restore it first/) });
    await expect(deleteWorkspace(base(admin, tenant.id))).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(extendTrial({ ...base(admin, tenant.id), days: 2 })).rejects.toMatchObject({ code: "CONFLICT" });
    await restoreWorkspace(base(admin, tenant.id, "deleted by mistake"));
    expect((await tenantRow(tenant.id)).deletedAt).toBeNull();
    expect(await subjectsTo(owner.email)).toContain(`${tenant.name} has been restored`);
    await expect(restoreWorkspace(base(admin, tenant.id))).rejects.toMatchObject({ code: "CONFLICT", message: "This workspace is not deleted." });
    const timeline = await getWorkspaceTimeline({ operator: admin, tenantId: tenant.id });
    expect(timeline.slice(1).map((e) => `${e.from}>${e.to}:${e.source}:${e.reason}`)).toEqual(["trialing>deleted:operator:duplicate signup", "deleted>trialing:operator:deleted by mistake"]);

    // Past the retention period (the purge has not run yet): refused with the date.
    await deleteWorkspace(base(admin, tenant.id, "really a duplicate"));
    await withTenant(tenant.id, (tx) => tx.update(tenants).set({ deletedAt: new Date(Date.now() - (env.WORKSPACE_RETENTION_DAYS + 1) * DAY) }).where(eq(tenants.id, tenant.id)));
    await expect(restoreWorkspace(base(admin, tenant.id))).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/retention period ended/) });
    // Purged: not found.
    const { purgeDeletedTenants } = await import("../tenants/delete-tenant");
    await purgeDeletedTenants();
    await expect(restoreWorkspace(base(admin, tenant.id))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("actions through the billing provider are in the operator log before the provider is called", () => {
  afterEach(() => vi.restoreAllMocks());

  const operatorLog = async (tenantId: string) =>
    (await getDb().select().from(operatorAuditEvents).where(eq(operatorAuditEvents.targetTenantId, tenantId)).orderBy(operatorAuditEvents.createdAt)).map((r) => [r.action, r.reason]);

  it("a plan change and a cancellation: the request (with its reason) is committed when the provider is called, then the outcome", async () => {
    const admin = await makeOperator();
    const paid = await paidLocally();
    const seenByProvider: unknown[] = [];
    const changePlan = localProvider.changePlan.bind(localProvider);
    const setCancel = localProvider.setCancelAtPeriodEnd.bind(localProvider);
    // Read on another connection while the provider is being called: only committed rows count.
    vi.spyOn(localProvider, "changePlan").mockImplementation(async (args) => {
      seenByProvider.push(await operatorLog(paid.tenant.id));
      return changePlan(args);
    });
    vi.spyOn(localProvider, "setCancelAtPeriodEnd").mockImplementation(async (args) => {
      seenByProvider.push(await operatorLog(paid.tenant.id));
      return setCancel(args);
    });
    await changeWorkspacePlan({ ...base(admin, paid.tenant.id, "upgrade agreed by phone"), planId: "enterprise", interval: "month" });
    await cancelWorkspace(base(admin, paid.tenant.id, "customer asked by email"));
    expect(seenByProvider).toEqual([
      [["operator.plan_change_requested", "upgrade agreed by phone"]],
      [
        ["operator.plan_change_requested", "upgrade agreed by phone"],
        ["operator.plan_changed", "upgrade agreed by phone"],
        ["operator.workspace_cancel_requested", "customer asked by email"],
      ],
    ]);
    expect((await operatorLog(paid.tenant.id)).at(-1)).toEqual(["operator.workspace_cancelled", "customer asked by email"]);
    const [requested] = (await auditPair(paid.tenant.id, "operator.plan_change_requested")).operatorRows;
    expect(requested!.metadata).toMatchObject({ to: { planId: "enterprise", interval: "month" }, idempotencyKey: expect.stringMatching(/^operator-change-plan:/) });
  });

  it("if the request cannot be recorded, the provider is never called", async () => {
    const paid = await paidLocally();
    const changePlan = vi.spyOn(localProvider, "changePlan");
    const setCancel = vi.spyOn(localProvider, "setCancelAtPeriodEnd");
    // An operator the database does not know: the audit row's foreign key fails, as any database error would.
    const ghost: Operator = { id: randomUUID(), role: "admin" };
    await expect(changeWorkspacePlan({ ...base(ghost, paid.tenant.id), planId: "enterprise", interval: "month" })).rejects.toBeTruthy();
    await expect(cancelWorkspace(base(ghost, paid.tenant.id))).rejects.toBeTruthy();
    expect(changePlan).not.toHaveBeenCalled();
    expect(setCancel).not.toHaveBeenCalled();
    expect(await operatorLog(paid.tenant.id)).toEqual([]);
  });

  it("a provider that fails leaves the request and its failure, and no outcome", async () => {
    const admin = await makeOperator();
    const paid = await paidLocally();
    vi.spyOn(localProvider, "changePlan").mockRejectedValue(new Error("card_declined"));
    await expect(changeWorkspacePlan({ ...base(admin, paid.tenant.id, "upgrade agreed"), planId: "enterprise", interval: "month" })).rejects.toThrow("card_declined");
    expect(await operatorLog(paid.tenant.id)).toEqual([
      ["operator.plan_change_requested", "upgrade agreed"],
      ["operator.plan_change_failed", "upgrade agreed"],
    ]);
    expect((await auditPair(paid.tenant.id, "operator.plan_change_failed")).operatorRows[0]!.metadata).toMatchObject({ error: "card_declined" });
    expect((await tenantRow(paid.tenant.id)).planId).toBe("pro");
  });
});

describe("account actions", () => {
  it("resends a pending invitation with a new link; refuses one already accepted or revoked", async () => {
    const { tenant, owner } = await makeTenant();
    const admin = await makeOperator();
    const invited = `invitee-${randomUUID().slice(0, 8)}@example.test`;
    const invitation = await inviteMember({ tenantId: tenant.id, actorUserId: owner.id, actorRole: "owner", meta: TEST_META, email: invited, role: "member" });
    const before = await withTenant(tenant.id, async (tx) => (await tx.select().from(invitations).where(and(eq(invitations.tenantId, tenant.id), eq(invitations.id, invitation.id))))[0]!);
    await resendInvitationAsOperator({ ...base(admin, tenant.id, "invite went to spam"), invitationId: invitation.id });
    const after = await withTenant(tenant.id, async (tx) => (await tx.select().from(invitations).where(and(eq(invitations.tenantId, tenant.id), eq(invitations.id, invitation.id))))[0]!);
    expect(after.tokenHash).not.toBe(before.tokenHash);
    expect((await subjectsTo(invited)).length).toBe(2);
    expect((await auditPair(tenant.id, "operator.invitation_resent")).workspaceRows).toHaveLength(1);
    await expect(resendInvitationAsOperator({ ...base(admin, tenant.id), invitationId: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(resendInvitationAsOperator({ ...base(admin, tenant.id), invitationId: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Another workspace's invitation is not found from this one.
    const other = await makeTenant();
    await expect(resendInvitationAsOperator({ ...base(admin, other.tenant.id), invitationId: invitation.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("resends a verification email to an unverified user only", async () => {
    const admin = await makeOperator();
    const { createUser } = await import("../users/create-user");
    const user = await createUser({ email: `unverified-${randomUUID().slice(0, 8)}@example.test`, name: "New", password: "a long test password", emailVerified: false });
    const sentBefore = (await subjectsTo(user.email)).length;
    await resendVerificationEmailAsOperator({ operator: admin, userId: user.id, reason: "customer cannot find it", meta: TEST_META });
    expect((await subjectsTo(user.email)).length).toBe(sentBefore + 1);
    const [logged] = await getDb().select().from(operatorAuditEvents).where(eq(operatorAuditEvents.target, `user:${user.id}`));
    expect(logged).toMatchObject({ action: "operator.verification_resent", actorUserId: admin.id, targetTenantId: null });
    const verified = await makeUser();
    await expect(resendVerificationEmailAsOperator({ operator: admin, userId: verified.id, reason: "why not", meta: TEST_META })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(resendVerificationEmailAsOperator({ operator: admin, userId: randomUUID(), reason: "why not", meta: TEST_META })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("resets a user's second factor (not the operator's own), with an email and an operator audit row", async () => {
    const admin = await makeOperator();
    const user = await makeUser();
    await getDb().insert(userTotp).values({ userId: user.id, secretSealed: "x", confirmedAt: new Date() });
    await getDb().insert(userRecoveryCodes).values({ userId: user.id, codeHash: "h1" });
    // A sign-in on the lost device ends with the reset.
    const { createSessionRecord } = await import("../sessions/create-session-record");
    const onLostPhone = await createSessionRecord({ userId: user.id, host: "localhost", ip: null, userAgent: null });
    const { getSessionVersion } = await import("../auth/session-version");
    const versionBefore = await getSessionVersion(user.id);
    await resetSecondFactor({ operator: admin, userId: user.id, reason: "lost phone, identity checked", meta: TEST_META });
    expect(await getSessionVersion(user.id)).toBe(versionBefore! + 1);
    const { authSessions } = await import("../db/schema");
    const [ended] = await getDb().select({ revokedAt: authSessions.revokedAt }).from(authSessions).where(eq(authSessions.id, onLostPhone.id));
    expect(ended!.revokedAt).not.toBeNull();
    expect(await getDb().select().from(userTotp).where(eq(userTotp.userId, user.id))).toHaveLength(0);
    expect(await getDb().select().from(userRecoveryCodes).where(eq(userRecoveryCodes.userId, user.id))).toHaveLength(0);
    expect(await subjectsTo(user.email)).toContain("Your two-factor authentication was reset by platform support");
    expect(await getDb().select().from(operatorAuditEvents).where(and(eq(operatorAuditEvents.target, `user:${user.id}`), like(operatorAuditEvents.action, "operator.second_factor_reset")))).toHaveLength(1);
    await expect(resetSecondFactor({ operator: admin, userId: user.id, reason: "again", meta: TEST_META })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(resetSecondFactor({ operator: admin, userId: admin.id, reason: "my own", meta: TEST_META })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // The same id in capitals is the same account to PostgreSQL, so it is refused too.
    await expect(resetSecondFactor({ operator: admin, userId: admin.id.toUpperCase(), reason: "my own", meta: TEST_META })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
