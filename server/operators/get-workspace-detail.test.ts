import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTenant, makeUser, TEST_META } from "../../test/factories";
import { createApiKey, revokeApiKey } from "../api-keys/manage-api-keys";
import { recordAuditEvent } from "../audit/record-audit-event";
import { setPlanOverrides } from "../billing/plan-overrides";
import { apiKeys } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { addDomain } from "../domains/domains";
import { deleteWorkspace } from "./delete-workspace";
import { getWorkspaceDetail } from "./get-workspace-detail";
import { suspendWorkspace } from "./suspend-workspace";
import type { Operator } from "./operator-action";

async function operator(role: Operator["role"] = "support"): Promise<Operator> {
  const user = await makeUser("Operator");
  return { id: user.id, role };
}

/** A workspace with a member, an override, a domain, two keys (one revoked) and many audit events. */
async function busyWorkspace() {
  const made = await makeTenant([{ role: "member" }]);
  const tenantId = made.tenant.id;
  const actor = { tenantId, actorUserId: made.owner.id, meta: TEST_META };
  await setPlanOverrides({ tenantId, overrides: { limits: { apiKeys: 42 }, features: { sso: true } }, actorUserId: null, meta: TEST_META });
  await addDomain({ ...actor, hostname: `app-${tenantId.slice(0, 8)}.example.com` });
  const live = await createApiKey({ ...actor, name: "Live key", scopes: ["usage:write"], expiresInDays: null });
  const old = await createApiKey({ ...actor, name: "Old key", scopes: ["usage:read", "tenant:read"], expiresInDays: null });
  await revokeApiKey({ ...actor, keyId: old.id });
  // One transaction each, so each has its own time and the order is certain.
  for (let i = 0; i < 25; i++) await withTenant(tenantId, (tx) => recordAuditEvent(tx, { tenantId, actorUserId: made.owner.id, action: `test.event_${i}`, meta: TEST_META }));
  return { ...made, tenantId, live, old };
}

describe("getWorkspaceDetail", () => {
  it("returns that workspace's data only, keys as metadata without hashes or secrets, the newest 20 audit events", async () => {
    const a = await busyWorkspace();
    const b = await busyWorkspace();
    const ops = await operator();
    const detail = await getWorkspaceDetail({ operator: ops, tenantId: a.tenantId });

    expect(detail.tenant.id).toBe(a.tenantId);
    expect(detail.overrides).toMatchObject({ limits: { apiKeys: 42 }, features: { sso: true } });
    expect(detail.usage.limits.apiKeys).toBe(42);
    expect(detail.members.map((m) => m.email).sort()).toEqual([a.owner.email, a.members[0]!.user.email].sort());
    expect(detail.members.find((m) => m.userId === a.owner.id)?.role).toBe("owner");
    expect(detail.domains.map((d) => d.hostname)).toEqual([`app-${a.tenantId.slice(0, 8)}.example.com`]);
    expect(detail.apiKeys.map((k) => k.name).sort()).toEqual(["Live key", "Old key"]);
    expect(detail.apiKeys.find((k) => k.name === "Old key")?.revokedAt).toBeInstanceOf(Date);
    expect(detail.apiKeys.find((k) => k.name === "Live key")).toMatchObject({ prefix: a.live.prefix, scopes: ["usage:write"], lastUsedAt: null, revokedAt: null });

    // Nothing of the other workspace.
    const text = JSON.stringify(detail);
    expect(text).not.toContain(b.tenantId);
    expect(text).not.toContain(b.owner.email);
    expect(text).not.toContain(b.live.prefix);

    // No hash, no secret, no field that could carry one.
    const hashes = await withTenant(a.tenantId, (tx) => tx.select({ hash: apiKeys.keyHash }).from(apiKeys).where(eq(apiKeys.tenantId, a.tenantId)));
    expect(hashes).toHaveLength(2);
    for (const { hash } of hashes) expect(text).not.toContain(hash);
    expect(text).not.toContain(a.live.secret);
    for (const key of detail.apiKeys) expect(Object.keys(key).sort()).toEqual(["createdAt", "createdByName", "expiresAt", "id", "lastUsedAt", "name", "prefix", "revokedAt", "scopes"]);

    expect(detail.audit).toHaveLength(20);
    expect(detail.audit[0]!.action).toBe("test.event_24");
    expect(detail.auditTotal).toBeGreaterThan(25);
  });

  it("shows the lifecycle timeline and an operator's hold; a support operator may read", async () => {
    const a = await busyWorkspace();
    await suspendWorkspace({ operator: await operator("admin"), tenantId: a.tenantId, reason: "vitest: hold", meta: TEST_META });
    const detail = await getWorkspaceDetail({ operator: await operator("support"), tenantId: a.tenantId });
    expect(detail.tenant.status).toBe("suspended");
    expect(detail.tenant.operatorSuspendedAt).toBeInstanceOf(Date);
    expect(detail.timeline.at(-1)).toMatchObject({ to: "suspended", source: "operator", reason: "vitest: hold" });
  });

  it("still reads a deleted workspace (so an operator can see what they would restore)", async () => {
    const a = await busyWorkspace();
    await deleteWorkspace({ operator: await operator("admin"), tenantId: a.tenantId, reason: "vitest: delete", meta: TEST_META });
    const detail = await getWorkspaceDetail({ operator: await operator(), tenantId: a.tenantId });
    expect(detail.tenant.deletedAt).toBeInstanceOf(Date);
    expect(detail.apiKeys).toHaveLength(2);
  });

  it("a bad or unknown id is not found; anyone but an operator is refused", async () => {
    const ops = await operator();
    for (const tenantId of ["not-a-uuid", "", "00000000-0000-4000-8000-000000000000", "00000000-0000-4000-8000-00000000000\u0000", "x".repeat(10_000)]) {
      await expect(getWorkspaceDetail({ operator: ops, tenantId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    const a = await makeTenant();
    await expect(getWorkspaceDetail({ operator: { id: a.owner.id, role: "owner" as unknown as Operator["role"] }, tenantId: a.tenant.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getWorkspaceDetail({ operator: null as unknown as Operator, tenantId: a.tenant.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
