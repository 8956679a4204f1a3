import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant } from "../server/db/with-tenant";
import { listWorkspacesRequiringTwoFactor } from "../server/db/cross-tenant";
import { confirmTotpEnrolment, startTotpEnrolment } from "../server/two-factor/enrol-totp";
import { totpCodeAt } from "../server/two-factor/totp";
import { setRequireTwoFactor } from "../server/tenants/set-require-two-factor";
import { appRouter, createCaller } from "../server/trpc/root";
import { secondFactorRequiredMessage, type Context } from "../server/trpc/context";
import { contextFor, makeTenant, makeUser, TEST_META } from "./factories";

// The workspace's two-factor policy, over every workspace procedure of the router (generated, so
// a procedure added later is covered without touching this file).
// The notification preferences and the time zone are the person's own, across workspaces (the account page).
const NOT_WORKSPACE_SCOPED = new Set(["billing.plans", "tenant.mine", "tenant.checkSlug", "tenant.create", "tenant.switchTo", "notification.preferences", "notification.setPreference", "account.setTimeZone"]);
const WORKSPACE_SCOPED = Object.keys(appRouter._def.procedures)
  .filter((p) => !NOT_WORKSPACE_SCOPED.has(p))
  .sort();

async function enrol(userId: string): Promise<void> {
  const { secret } = await startTotpEnrolment({ userId, password: "a long test password", ip: "192.0.2.1" });
  await confirmTotpEnrolment({ userId, code: totpCodeAt(secret, Date.now()) });
}

async function call(ctx: Context, path: string): Promise<{ code: string; message: string }> {
  const caller = createCaller(ctx) as unknown as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
  const [router, procedure] = path.split(".") as [string, string];
  try {
    await caller[router]![procedure]!(undefined);
    return { code: "OK", message: "" };
  } catch (error) {
    return error instanceof TRPCError ? { code: error.code, message: error.message } : { code: `THREW ${String(error)}`, message: "" };
  }
}

async function requiringWorkspace() {
  const t = await makeTenant([{ role: "member" }, { role: "admin" }]);
  await enrol(t.owner.id);
  await setRequireTwoFactor({ tenantId: t.tenant.id, actorUserId: t.owner.id, required: true, meta: TEST_META });
  return t;
}

describe("a workspace that requires two-factor authentication", () => {
  it("refuses every workspace procedure to a member without a second factor, and none to one with it", async () => {
    const { tenant, owner, members } = await requiringWorkspace();
    const member = members[0]!.user;
    const stranger = await makeUser();
    const blocked = secondFactorRequiredMessage(tenant.name);
    const outcomes: Record<string, string[]> = {};
    for (const path of WORKSPACE_SCOPED) {
      const [unenrolled, enrolled, outsider] = [
        await call({ ...contextFor({ user: member, tenant }), memo: {} }, path),
        await call({ ...contextFor({ user: owner, tenant }), memo: {} }, path),
        await call({ ...contextFor({ user: stranger, tenant }), memo: {} }, path),
      ];
      outcomes[path] = [
        unenrolled.code === "FORBIDDEN" && unenrolled.message === blocked ? "blocked" : `${unenrolled.code} ${unenrolled.message}`,
        enrolled.message === blocked ? "blocked" : "passed",
        // A stranger still learns nothing about the workspace (not even its policy).
        outsider.code,
      ];
    }
    expect(WORKSPACE_SCOPED.length).toBeGreaterThan(30);
    expect(outcomes).toEqual(Object.fromEntries(WORKSPACE_SCOPED.map((p) => [p, ["blocked", "passed", "NOT_FOUND"]])));

    // Once the member sets up a second factor, the same procedures answer.
    await enrol(member.id);
    expect(await call({ ...contextFor({ user: member, tenant }), memo: {} }, "tenant.current")).toEqual({ code: "OK", message: "" });
  });

  it("a member of another workspace without the policy is unaffected, and the account page names the workspace", async () => {
    const { tenant, members } = await requiringWorkspace();
    const other = await makeTenant();
    expect((await call({ ...contextFor({ user: other.owner, tenant: other.tenant }), memo: {} }, "tenant.current")).code).toBe("OK");
    expect(await listWorkspacesRequiringTwoFactor(members[0]!.user.id)).toEqual([{ slug: tenant.slug, name: tenant.name }]);
    expect(await listWorkspacesRequiringTwoFactor(other.owner.id)).toEqual([]);
  });

  it("costs no extra membership read per request", async () => {
    const { tenant, owner } = await requiringWorkspace();
    const { membershipReads } = await import("../server/members/get-membership");
    const caller = createCaller({ ...contextFor({ user: owner, tenant }), memo: {} });
    const before = membershipReads.count;
    await caller.tenant.current();
    await Promise.all([caller.member.list(), caller.usage.summary(), caller.tenant.branding()]);
    expect(membershipReads.count - before).toBe(1);
  });
});

describe("the policy setting", () => {
  it("is for owners only, needs the owner's own second factor, and is audited", async () => {
    const { tenant, owner, members } = await makeTenant([{ role: "admin" }]);
    const admin = members[0]!.user;
    const asOwner = createCaller({ ...contextFor({ user: owner, tenant }), memo: {} });
    await expect(asOwner.security.setRequireTwoFactor({ required: true })).rejects.toMatchObject({ code: "CONFLICT" });
    await enrol(admin.id);
    await expect(createCaller({ ...contextFor({ user: admin, tenant }), memo: {} }).security.setRequireTwoFactor({ required: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await enrol(owner.id);
    expect(await asOwner.security.setRequireTwoFactor({ required: true })).toEqual({ required: true });
    expect(await asOwner.security.setRequireTwoFactor({ required: true })).toEqual({ required: true });
    expect(await createCaller({ ...contextFor({ user: owner, tenant }), memo: {} }).security.setRequireTwoFactor({ required: false })).toEqual({ required: false });
    await expect(asOwner.security.setRequireTwoFactor({ required: "yes" as unknown as boolean })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const events = await withTenant(tenant.id, (tx) =>
      tx.execute<{ action: string; actor_user_id: string }>(sql`select action, actor_user_id from audit_events where tenant_id = ${tenant.id} and action like 'security.%' order by created_at, action`),
    );
    expect(events.map((e) => [e.action, e.actor_user_id])).toEqual([
      ["security.two_factor_required", owner.id],
      ["security.two_factor_optional", owner.id],
    ]);
    const [row] = await withTenant(tenant.id, (tx) => tx.execute<{ require_two_factor: boolean }>(sql`select require_two_factor from tenants`));
    expect(row?.require_two_factor).toBe(false);
  });
});
