import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createApiKey } from "../server/api-keys/manage-api-keys";
import { holdPlanFit, releasePlanFit } from "../server/billing/plan-fit";
import { tenants } from "../server/db/schema";
import { adminSql } from "./fuzz-values";
import { withTenant } from "../server/db/with-tenant";
import { lockTenantOrThrow } from "../server/tenants/lock-tenant";
import { createCaller } from "../server/trpc/root";
import { contextFor, makeTenant, TEST_META } from "./factories";

// Issue 17, billing that explains: a move to a lower plan is refused, with what to do first, while
// the workspace breaks that plan's hard limits (choosing Starter during a Pro trial included).

const attempt = () => ({ attemptId: randomUUID() });

describe("a move to a lower plan the workspace does not fit", () => {
  it("choosing Starter during the Pro trial with six members is refused until one is removed", async () => {
    const { tenant, owner, members } = await makeTenant(Array.from({ length: 5 }, () => ({ role: "member" as const })));
    const caller = createCaller(contextFor({ user: owner, tenant }));
    await expect(caller.billing.createCheckout({ planId: "starter", interval: "month", ...attempt() })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This workspace does not fit Starter yet. 6 members in use, Starter allows 5: remove 1 first.",
    });
    // Pro (the trial's own plan) is not a downgrade: no check.
    await expect(caller.billing.createCheckout({ planId: "pro", interval: "month", ...attempt() })).resolves.toMatchObject({ url: expect.any(String) });
    await caller.member.remove({ userId: members[0]!.user.id });
    await expect(caller.billing.createCheckout({ planId: "starter", interval: "month", ...attempt() })).resolves.toMatchObject({ url: expect.any(String) });
  });

  it("a paid Pro workspace with four API keys moves to Starter (three) only after revoking one", async () => {
    const { tenant, owner } = await makeTenant();
    const caller = createCaller(contextFor({ user: owner, tenant }));
    const { url } = await caller.billing.createCheckout({ planId: "pro", interval: "month", ...attempt() });
    await caller.billing.payLocalCheckout({ sessionId: url.split("/").pop()!, cardNumber: "4242 4242 4242 4242" });
    expect((await caller.billing.current()).subscription).toMatchObject({ planId: "pro", hasSubscription: true });
    const keys = [];
    for (const name of ["a", "b", "c", "d"]) keys.push(await createApiKey({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, name, scopes: ["usage:read"], expiresInDays: null }));
    await expect(caller.billing.changePlan({ planId: "starter", interval: "month", ...attempt() })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This workspace does not fit Starter yet. 4 API keys in use, Starter allows 3: revoke 1 first.",
    });
    // Upgrades are never held back.
    await expect(caller.billing.changePlan({ planId: "enterprise", interval: "month", ...attempt() })).resolves.toMatchObject({ provider: "local" });
    await caller.apiKey.revoke({ keyId: keys[0]!.id });
    await expect(caller.billing.changePlan({ planId: "starter", interval: "month", ...attempt() })).resolves.toMatchObject({ provider: "local" });
    expect((await caller.billing.current()).subscription).toMatchObject({ planId: "starter" });
  });

  it("pending invitations count as seats, as inviting counts them", async () => {
    const { tenant, owner } = await makeTenant(Array.from({ length: 3 }, () => ({ role: "member" as const })));
    const caller = createCaller(contextFor({ user: owner, tenant }));
    // Four members and two invitations: six seats, over Starter's five.
    for (const n of [1, 2]) await caller.member.invite({ email: `seat-${n}-${randomUUID()}@example.test`, role: "member" });
    await expect(caller.billing.createCheckout({ planId: "starter", interval: "month", ...attempt() })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("6 members in use, Starter allows 5"),
    });
  });

  it("is checked again when the checkout is paid: a member added meanwhile refuses the payment", async () => {
    const { tenant, owner } = await makeTenant(Array.from({ length: 4 }, () => ({ role: "member" as const })));
    const caller = createCaller(contextFor({ user: owner, tenant }));
    const { url } = await caller.billing.createCheckout({ planId: "starter", interval: "month", ...attempt() });
    await caller.member.invite({ email: `late-${randomUUID()}@example.test`, role: "member" });
    await expect(caller.billing.payLocalCheckout({ sessionId: url.split("/").pop()!.split("?")[0]!, cardNumber: "4242 4242 4242 4242" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await caller.billing.current()).subscription?.hasSubscription ?? false).toBe(false);
  });

  it("while a move down is at the provider, keys and invitations are admitted under the lower plan's limits", async () => {
    const { tenant, owner } = await makeTenant(Array.from({ length: 3 }, () => ({ role: "member" as const })));
    const caller = createCaller(contextFor({ user: owner, tenant }));
    const { url } = await caller.billing.createCheckout({ planId: "pro", interval: "month", ...attempt() });
    await caller.billing.payLocalCheckout({ sessionId: url.split("/").pop()!, cardNumber: "4242 4242 4242 4242" });
    const key = (name: string) => createApiKey({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, name, scopes: ["usage:read"], expiresInDays: null });
    for (const name of ["a", "b", "c"]) await key(name);
    // What changePlan does before calling the provider (the call cannot be made under the lock).
    const now = new Date();
    const held = await withTenant(tenant.id, async (tx) => holdPlanFit(tx, await lockTenantOrThrow(tx, tenant.id), "starter", now));
    expect(held).toMatchObject({ planId: "starter" });
    await expect(key("d")).rejects.toMatchObject({ code: "CONFLICT", message: "The workspace is moving to Starter, which allows 3 API keys. Revoke one first." });
    await caller.member.invite({ email: `fifth-${randomUUID()}@example.test`, role: "member" });
    await expect(caller.member.invite({ email: `sixth-${randomUUID()}@example.test`, role: "member" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("The workspace is moving to Starter, which includes 5 seats"),
    });
    // Meanwhile no other change starts: a second tab's could loosen or end this hold.
    await expect(caller.billing.changePlan({ planId: "enterprise", interval: "month", ...attempt() })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("Another plan change") });
    // The provider answered: the hold ends and Pro's limits apply again until the plan changes.
    await withTenant(tenant.id, (tx) => releasePlanFit(tx, tenant.id, held!));
    await expect(key("d")).resolves.toMatchObject({ name: "d" });
  });

  it("a hold ends with the change, stays after a failure of unknown outcome, and one left by a process that died lapses and is released only by its own change", async () => {
    const { tenant, owner } = await makeTenant();
    const caller = createCaller(contextFor({ user: owner, tenant }));
    const { url } = await caller.billing.createCheckout({ planId: "enterprise", interval: "month", ...attempt() });
    await caller.billing.payLocalCheckout({ sessionId: url.split("/").pop()!, cardNumber: "4242 4242 4242 4242" });
    await caller.billing.changePlan({ planId: "pro", interval: "month", ...attempt() });
    const row = async () => withTenant(tenant.id, async (tx) => (await tx.select().from(tenants).where(eq(tenants.id, tenant.id)))[0]!);
    expect(await row()).toMatchObject({ planId: "pro", pendingPlanId: null, pendingPlanUntil: null });

    // A failure whose outcome is unknown (the database or the provider gone mid-change) keeps the
    // hold: the plan may have changed after all, so it lapses on its own instead.
    const admin = adminSql();
    await admin.unsafe(`create function test_fail_sub() returns trigger language plpgsql as $$
      begin raise exception 'injected outage' using errcode = '57P01'; end $$`);
    await admin.unsafe("create trigger test_fail_sub before update on subscriptions for each row execute function test_fail_sub()");
    try {
      await expect(caller.billing.changePlan({ planId: "starter", interval: "month", ...attempt() })).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    } finally {
      await admin.unsafe("drop trigger test_fail_sub on subscriptions");
      await admin.end();
    }
    const kept = await row();
    expect(kept).toMatchObject({ planId: "pro", pendingPlanId: "starter" });
    expect(kept.pendingPlanUntil!.getTime()).toBeGreaterThan(Date.now() + 60_000);
    await withTenant(tenant.id, (tx) => tx.update(tenants).set({ pendingPlanId: null, pendingPlanUntil: null }).where(eq(tenants.id, tenant.id)));

    // A hold from ten minutes ago has lapsed: limits are the plan's own, and changes may start.
    const old = await withTenant(tenant.id, async (tx) => holdPlanFit(tx, await lockTenantOrThrow(tx, tenant.id), "starter", new Date(Date.now() - 10 * 60_000)));
    const keys = [];
    for (const name of ["a", "b", "c", "d"]) keys.push(await createApiKey({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, name, scopes: ["usage:read"], expiresInDays: null }));
    await caller.apiKey.revoke({ keyId: keys[0]!.id });
    // A newer change to the same plan holds the workspace; the lapsed one answering late does not end it.
    const fresh = await withTenant(tenant.id, async (tx) => holdPlanFit(tx, await lockTenantOrThrow(tx, tenant.id), "starter", new Date(Date.now() - 60_000)));
    await withTenant(tenant.id, (tx) => releasePlanFit(tx, tenant.id, old!));
    expect(await row()).toMatchObject({ pendingPlanId: "starter", pendingPlanUntil: fresh!.until });
    await withTenant(tenant.id, (tx) => releasePlanFit(tx, tenant.id, fresh!));
    expect((await row()).pendingPlanId).toBeNull();
  });
});
