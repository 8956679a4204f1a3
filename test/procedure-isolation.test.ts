import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { hasPermission } from "../lib/permissions";
import { statusAllows } from "../lib/workspace-policy";
import { withTenant } from "../server/db/with-tenant";
import { tenants } from "../server/db/schema";
import { describe, expect, it } from "vitest";
import { appRouter, createCaller } from "../server/trpc/root";
import type { Context } from "../server/trpc/context";
import { contextFor, makeTenant, makeUser } from "./factories";

// Generated from the router: a procedure added tomorrow is covered without touching this file.
// Only the procedures listed here may answer anything but NOT_FOUND to someone who is not a
// member of the workspace the host names; each says why.
const NOT_WORKSPACE_SCOPED: Record<string, string> = {
  "billing.plans": "the public price list",
  "tenant.mine": "the caller's own workspaces, read through atrium_user_workspaces",
  "tenant.checkSlug": "whether an address is free, for the create form",
  "tenant.create": "creates a new workspace owned by the caller",
  "tenant.switchTo": "hand-off into a workspace the caller belongs to (checked inside)",
  "notification.preferences": "the caller's own email choices, across workspaces (the account page)",
  "notification.setPreference": "sets the caller's own email choice, across workspaces (the account page)",
  "account.setTimeZone": "sets the caller's own time zone, across workspaces (the account page)",
};

const PROCEDURES = Object.keys(appRouter._def.procedures).sort();
const WORKSPACE_SCOPED = PROCEDURES.filter((path) => !(path in NOT_WORKSPACE_SCOPED));

async function call(ctx: Context, path: string): Promise<string> {
  const caller = createCaller(ctx) as unknown as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
  const [router, procedure] = path.split(".") as [string, string];
  try {
    // No input at all: the membership check runs before input validation, so a stranger learns
    // nothing, not even which inputs are valid.
    await caller[router]![procedure]!(undefined);
    return "OK";
  } catch (error) {
    return error instanceof TRPCError ? error.code : `THREW ${String(error)}`;
  }
}

describe("every workspace procedure of the router", () => {
  it("is enumerated (the list is not empty and the exceptions exist)", () => {
    expect(WORKSPACE_SCOPED.length).toBeGreaterThan(30);
    for (const path of Object.keys(NOT_WORKSPACE_SCOPED)) expect(PROCEDURES).toContain(path);
  });

  it("answers NOT_FOUND to a signed-in stranger and to a member of another workspace, and UNAUTHORIZED when signed out", async () => {
    const victim = await makeTenant();
    const stranger = await makeUser();
    const neighbour = await makeTenant();
    const results: Record<string, string[]> = {};
    for (const path of WORKSPACE_SCOPED) {
      results[path] = [
        await call(contextFor({ user: stranger, tenant: victim.tenant }), path),
        await call(contextFor({ user: neighbour.owner, tenant: victim.tenant }), path),
        await call(contextFor({ user: null, tenant: victim.tenant }), path),
      ];
    }
    const expected = Object.fromEntries(WORKSPACE_SCOPED.map((path) => [path, ["NOT_FOUND", "NOT_FOUND", "UNAUTHORIZED"]]));
    expect(results).toEqual(expected);
  });
});

describe("what each procedure declares is what the workspace policy enforces", () => {

  type Def = { type: "query" | "mutation"; meta?: { capability?: string; permission?: string } };
  const declared = (path: string) => {
    const def = (appRouter._def.procedures as unknown as Record<string, { _def: Def }>)[path]!._def;
    return { capability: def.meta?.capability ?? (def.type === "mutation" ? "change" : "view"), permission: def.meta?.permission };
  };

  it("every workspace procedure declares its access through workspaceProcedure", () => {
    for (const path of WORKSPACE_SCOPED) {
      const def = (appRouter._def.procedures as unknown as Record<string, { _def: Def }>)[path]!._def;
      expect(def.meta, path).toBeDefined();
    }
  });

  it("a suspended workspace refuses exactly the procedures whose capability its status lacks", async () => {
    const { tenant, owner } = await makeTenant();
    await withTenant(tenant.id, (tx) => tx.update(tenants).set({ status: "suspended" }).where(eq(tenants.id, tenant.id)));
    const ctx = contextFor({ user: owner, tenant: { ...tenant, status: "suspended" } });
    const outcomes: Record<string, boolean> = {};
    const expected: Record<string, boolean> = {};
    for (const path of WORKSPACE_SCOPED) {
      outcomes[path] = (await call(ctx, path)) === "FORBIDDEN";
      expected[path] = !statusAllows("suspended", declared(path).capability as never);
    }
    expect(outcomes).toEqual(expected);
    // And what the declarations add up to, written out by hand: the way back out (Billing), the
    // data (export), closing it (delete), leaving it, the frame (who am I, which workspace) and
    // the bell (a suspended workspace's members still read why it is suspended).
    const allowed = WORKSPACE_SCOPED.filter((path) => !expected[path]).sort();
    expect(allowed).toEqual([
      "billing.cancel",
      "billing.changePlan",
      "billing.createCheckout",
      "billing.current",
      "billing.invoices",
      "billing.payLocalCheckout",
      "billing.portal",
      "billing.resume",
      "billing.setCurrency",
      "billing.updateDetails",
      "dataExport.list",
      "dataExport.request",
      "member.leave",
      "notification.list",
      "notification.markAllRead",
      "notification.markRead",
      "notification.unreadCount",
      "tenant.current",
      "tenant.delete",
    ]);
  });

  it("in a workspace in good standing, each role is refused exactly what its permissions lack", async () => {
    const { tenant, owner, members } = await makeTenant([{ role: "admin" }, { role: "billing" }, { role: "member" }]);
    const people = [{ role: "owner" as const, user: owner }, ...members];
    const outcomes: Record<string, boolean> = {};
    const expected: Record<string, boolean> = {};
    for (const { role, user } of people) {
      const ctx = contextFor({ user, tenant });
      for (const path of WORKSPACE_SCOPED) {
        // Leaving is refused to the last owner for a different reason (CONFLICT), never FORBIDDEN.
        if (path === "member.leave" || path === "tenant.delete") continue;
        const { permission } = declared(path);
        outcomes[`${role} ${path}`] = (await call(ctx, path)) === "FORBIDDEN";
        expected[`${role} ${path}`] = permission ? !hasPermission(role, permission as never) : false;
      }
    }
    expect(outcomes).toEqual(expected);
  });
});

describe("membership is resolved once per request", () => {
  it("procedures called with one request's context share one membership read", async () => {
    const { tenant, owner } = await makeTenant();
    const ctx: Context = { ...contextFor({ user: owner, tenant }), memo: {} };
    const { membershipReads } = await import("../server/members/get-membership");
    const caller = createCaller(ctx);
    const before = membershipReads.count;
    await caller.tenant.current();
    await Promise.all([caller.member.list(), caller.usage.summary(), caller.tenant.branding(), caller.billing.current()]);
    expect(membershipReads.count - before).toBe(1);
    // A second request (a new context) reads it again: nothing is cached across requests.
    await createCaller({ ...contextFor({ user: owner, tenant }), memo: {} }).tenant.current();
    expect(membershipReads.count - before).toBe(2);
  });
});
