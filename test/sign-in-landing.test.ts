import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rememberWorkspaceHost } from "../server/auth/remember-workspace-host";
import { resolveLanding } from "../server/auth/sign-in-landing";
import { getDb } from "../server/db/client";
import { addMember } from "../server/members/add-member";
import { withTenant } from "../server/db/with-tenant";
import { tenants, users } from "../server/db/schema";
import { env } from "../server/env";
import { normalizeHostname } from "../server/hosts/parse-host";
import { createCaller } from "../server/trpc/root";
import { deleteTenant } from "../server/tenants/delete-tenant";
import { findLastWorkspace } from "../server/users/find-last-workspace";
import { recordLastWorkspace } from "../server/users/record-last-workspace";
import { contextFor, makeTenant, makeUser, TEST_META } from "./factories";

// Issue 18: sign-in on the apex lands in the workspace used last (app/auth/landing), remembered
// when a session starts on a workspace host (the hand-off), re-checked on every landing.

const hostOf = (slug: string) => `${slug}.${normalizeHostname(env.ROOT_DOMAIN)}`;

async function lastTenantIdOf(userId: string): Promise<string | null> {
  const [row] = await getDb().select({ id: users.lastTenantId }).from(users).where(eq(users.id, userId));
  return row?.id ?? null;
}

describe("the workspace sign-in lands in", () => {
  it("is none until one is used, then the one entered last", async () => {
    const a = await makeTenant([{ role: "member" }]);
    const person = a.members[0]!.user;
    const b = await makeTenant();
    await addMember({ tenantId: b.tenant.id, userId: person.id, role: "admin", actorUserId: b.owner.id, meta: TEST_META });
    expect(await findLastWorkspace({ userId: person.id })).toBeNull();

    await rememberWorkspaceHost(person.id, hostOf(a.tenant.slug));
    expect(await findLastWorkspace({ userId: person.id })).toMatchObject({ tenantId: a.tenant.id, slug: a.tenant.slug, role: "member" });
    await rememberWorkspaceHost(person.id, hostOf(b.tenant.slug));
    expect(await findLastWorkspace({ userId: person.id })).toMatchObject({ tenantId: b.tenant.id, role: "admin" });
  });

  it("is remembered only for a workspace the person belongs to, and not from the apex or the console", async () => {
    const mine = await makeTenant();
    const theirs = await makeTenant();
    await rememberWorkspaceHost(mine.owner.id, hostOf(mine.tenant.slug));
    // Anyone may sign in on any workspace's host (and is then not found there): that changes nothing.
    await rememberWorkspaceHost(mine.owner.id, hostOf(theirs.tenant.slug));
    await rememberWorkspaceHost(mine.owner.id, env.ROOT_DOMAIN);
    await rememberWorkspaceHost(mine.owner.id, `admin.${normalizeHostname(env.ROOT_DOMAIN)}`);
    await rememberWorkspaceHost(mine.owner.id, hostOf("no-such-workspace-here"));
    expect(await lastTenantIdOf(mine.owner.id)).toBe(mine.tenant.id);
  });

  it("falls back to the list when the person was removed from it", async () => {
    const t = await makeTenant([{ role: "member" }]);
    const person = t.members[0]!.user;
    await recordLastWorkspace({ userId: person.id, tenantId: t.tenant.id });
    expect(await findLastWorkspace({ userId: person.id })).not.toBeNull();
    await createCaller(contextFor({ user: t.owner, tenant: t.tenant })).member.remove({ userId: person.id });
    expect(await findLastWorkspace({ userId: person.id })).toBeNull();
  });

  it("falls back to the list when the workspace was deleted", async () => {
    const t = await makeTenant();
    await recordLastWorkspace({ userId: t.owner.id, tenantId: t.tenant.id });
    await deleteTenant({ tenantId: t.tenant.id, actorUserId: t.owner.id, confirmSlug: t.tenant.slug, meta: TEST_META });
    expect(await findLastWorkspace({ userId: t.owner.id })).toBeNull();
  });

  it("falls back to the list (which shows the status) while the workspace is suspended or cancelled", async () => {
    const t = await makeTenant();
    await recordLastWorkspace({ userId: t.owner.id, tenantId: t.tenant.id });
    for (const status of ["suspended", "cancelled"] as const) {
      await withTenant(t.tenant.id, (tx) => tx.update(tenants).set({ status }).where(eq(tenants.id, t.tenant.id)));
      expect(await findLastWorkspace({ userId: t.owner.id }), status).toBeNull();
    }
    await withTenant(t.tenant.id, (tx) => tx.update(tenants).set({ status: "past_due" }).where(eq(tenants.id, t.tenant.id)));
    expect(await findLastWorkspace({ userId: t.owner.id })).toMatchObject({ tenantId: t.tenant.id });
  });

  it("ignores an id that is not one of the person's workspaces", async () => {
    const person = await makeUser();
    const other = await makeTenant();
    await recordLastWorkspace({ userId: person.id, tenantId: other.tenant.id });
    expect(await findLastWorkspace({ userId: person.id })).toBeNull();
    await recordLastWorkspace({ userId: person.id, tenantId: "00000000-0000-4000-8000-000000000000" });
    expect(await findLastWorkspace({ userId: person.id })).toBeNull();
  });

  it("is where a sign-in with no next goes: a one-time hand-off to its dashboard, else the list; an explicit next wins", async () => {
    const t = await makeTenant();
    expect(await resolveLanding(t.owner.id, "/auth/landing")).toBe("/workspaces");
    await recordLastWorkspace({ userId: t.owner.id, tenantId: t.tenant.id });
    const landing = new URL(await resolveLanding(t.owner.id, "/auth/landing"));
    expect(landing.host).toBe(`${t.tenant.slug}.${env.ROOT_DOMAIN}`);
    expect(landing.pathname).toBe("/auth/handoff");
    expect(landing.searchParams.get("next")).toBe("/dashboard");
    expect(landing.searchParams.get("token")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await resolveLanding(t.owner.id, "/workspaces")).toBe("/workspaces");
    expect(await resolveLanding(t.owner.id, "/account")).toBe("/account");
  });
});
