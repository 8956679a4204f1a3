import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTenant, TEST_META } from "../../test/factories";
import { applySubscriptionSnapshot } from "../billing/apply-subscription-snapshot";
import { completeLocalCheckout } from "../billing/local/complete-local-checkout";
import { localSnapshotOf } from "../billing/local/local-provider";
import { setCancelAtPeriodEnd, startCheckout } from "../billing/manage-subscription";
import { runLifecycleSweep } from "../billing/run-lifecycle-sweep";
import { getDb } from "../db/client";
import { subscriptions, tenantStatusChanges, tenants } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { deleteTenant } from "./delete-tenant";

const DAY = 86_400_000;

async function timeline(tenantId: string) {
  const rows = await withTenant(tenantId, (tx) => tx.select().from(tenantStatusChanges).where(eq(tenantStatusChanges.tenantId, tenantId)).orderBy(tenantStatusChanges.createdAt, tenantStatusChanges.id));
  return rows.map((r) => `${r.fromStatus}>${r.toStatus}:${r.source}`);
}

async function status(tenantId: string) {
  return withTenant(tenantId, async (tx) => (await tx.select().from(tenants).where(eq(tenants.id, tenantId)))[0]!.status);
}

async function paidLocally(card = "4242424242424242") {
  const made = await makeTenant();
  const { url } = await startCheckout({ tenantId: made.tenant.id, actorUserId: made.owner.id, meta: TEST_META, planId: "pro", interval: "month", origin: "http://x", attemptId: randomUUID() });
  await completeLocalCheckout({ tenantId: made.tenant.id, sessionId: url.split("/").at(-1)!, cardNumber: card, actorUserId: made.owner.id, meta: TEST_META });
  return made;
}

async function currentSub(tenantId: string) {
  const [sub] = await withTenant(tenantId, (tx) => tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenantId)));
  return { ...sub!, subscriptionId: sub!.subscriptionId! };
}

describe("lifecycle timeline: every status change writes a row in its own transaction", () => {
  it("creation (owner) and the trial sweep (sweep)", async () => {
    const { tenant } = await makeTenant();
    expect(await timeline(tenant.id)).toEqual(["null>trialing:owner"]);
    await runLifecycleSweep({ now: new Date(tenant.trialEndsAt!.getTime() + 1000) });
    await runLifecycleSweep({ now: new Date(tenant.trialEndsAt!.getTime() + 2000) });
    expect(await timeline(tenant.id)).toEqual(["null>trialing:owner", "trialing>suspended:sweep"]);
  });

  it("a checkout paid by an owner, then a provider's event (webhook), a failed renewal and the grace period (sweep)", async () => {
    const { tenant } = await paidLocally("4000000000000341");
    expect(await timeline(tenant.id)).toEqual(["null>trialing:owner", "trialing>active:owner"]);
    const sub = await currentSub(tenant.id);
    // What the Stripe webhook does: a snapshot applied without an actor.
    await withTenant(tenant.id, (tx) => applySubscriptionSnapshot(tx, { tenantId: tenant.id, meta: TEST_META, snapshot: localSnapshotOf(sub, { status: "past_due", asOf: new Date() }) }));
    expect((await timeline(tenant.id)).at(-1)).toBe("active>past_due:webhook");
    await withTenant(tenant.id, (tx) => applySubscriptionSnapshot(tx, { tenantId: tenant.id, meta: TEST_META, snapshot: localSnapshotOf(sub, { status: "active", asOf: new Date() }) }));
    expect((await timeline(tenant.id)).at(-1)).toBe("past_due>active:webhook");

    // The local renewal with a card that fails renewals (the sweep), then the grace period.
    await runLifecycleSweep({ now: new Date(sub.currentPeriodEnd!.getTime() + 1000) });
    expect(await status(tenant.id)).toBe("past_due");
    expect((await timeline(tenant.id)).at(-1)).toBe("active>past_due:sweep");
    await runLifecycleSweep({ now: new Date(sub.currentPeriodEnd!.getTime() + 40 * DAY) });
    expect(await status(tenant.id)).toBe("suspended");
    expect((await timeline(tenant.id)).at(-1)).toBe("past_due>suspended:sweep");
  });

  it("an owner's cancellation at period end ends in cancelled (sweep), and an owner's deletion", async () => {
    const { tenant, owner } = await paidLocally();
    await setCancelAtPeriodEnd({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, cancel: true, attemptId: randomUUID() });
    const sub = await currentSub(tenant.id);
    await runLifecycleSweep({ now: new Date(sub.currentPeriodEnd!.getTime() + 1000) });
    expect(await status(tenant.id)).toBe("cancelled");
    expect((await timeline(tenant.id)).at(-1)).toBe("active>cancelled:sweep");
    await deleteTenant({ tenantId: tenant.id, actorUserId: owner.id, confirmSlug: tenant.slug, meta: TEST_META });
    // (The sweep ran on a clock a month ahead, so the deletion's row sorts before it.)
    expect(await timeline(tenant.id)).toContain("cancelled>deleted:owner");
  });

  it("a status change that rolls back leaves no timeline row; the runtime role cannot rewrite the timeline", async () => {
    const { tenant } = await makeTenant();
    const { transitionTenantStatus } = await import("../billing/transition-tenant-status");
    await expect(
      withTenant(tenant.id, async (tx) => {
        const [row] = await tx.select().from(tenants).where(eq(tenants.id, tenant.id));
        await transitionTenantStatus(tx, { tenant: row!, to: "suspended", reason: "test", cause: "test", source: "system", meta: TEST_META });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await timeline(tenant.id)).toEqual(["null>trialing:owner"]);
    const rewrite = await withTenant(tenant.id, (tx) => tx.update(tenantStatusChanges).set({ reason: "rewritten" }).where(eq(tenantStatusChanges.tenantId, tenant.id))).catch((error: unknown) => error);
    expect(String((rewrite as Error).cause)).toMatch(/permission denied/);
    // Nor can it erase a row (an operator's suspension, say): the timeline is append-only.
    const erase = await withTenant(tenant.id, (tx) => tx.delete(tenantStatusChanges).where(eq(tenantStatusChanges.tenantId, tenant.id))).catch((error: unknown) => error);
    expect(String((erase as Error).cause)).toMatch(/permission denied/);
    // Row-level security: another workspace's timeline is invisible.
    const other = await makeTenant();
    const seen = await withTenant(other.tenant.id, (tx) => tx.select().from(tenantStatusChanges).where(eq(tenantStatusChanges.tenantId, tenant.id)));
    expect(seen).toHaveLength(0);
    expect(await getDb().select().from(tenantStatusChanges).where(eq(tenantStatusChanges.tenantId, tenant.id))).toHaveLength(0);
  });
});
