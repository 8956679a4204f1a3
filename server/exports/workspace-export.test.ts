import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { contextFor, makeTenant, TEST_META } from "../../test/factories";
import { recordAuditEvent } from "../audit/record-audit-event";
import { withTenant } from "../db/with-tenant";
import { createCaller } from "../trpc/root";
import { getObject } from "../storage/storage";
import { processWorkspaceExports, readWorkspaceExport, requestWorkspaceExport, runWorkspaceExport } from "./workspace-export";

const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
afterAll(() => admin.end({ timeout: 5 }));

describe("workspace export", () => {
  it("builds a JSON file with members, settings, usage, audit log and invoices, and no secrets", async () => {
    const { tenant, owner, members } = await makeTenant([{ role: "admin" }]);
    const caller = createCaller(contextFor({ user: owner, tenant }));
    const key = await caller.apiKey.create({ name: "Backend", scopes: ["usage:write"], expiresInDays: null });
    await caller.member.invite({ email: "new.person@example.test", role: "member" });
    await caller.tenant.updateBranding({ brandColor: "#0f766e", publicDescription: "Widgets." });
    // Enough audit events to need several pages (the page size is 1000).
    await withTenant(tenant.id, async (tx) => {
      for (let i = 0; i < 1205; i++) await recordAuditEvent(tx, { tenantId: tenant.id, actorUserId: owner.id, action: "test.bulk", metadata: { i }, meta: TEST_META });
    });
    await admin`insert into invoices (tenant_id, id, number, status, amount_cents, currency) values (${tenant.id}, 'in_test_1', 'A-0001', 'paid', 9900, 'usd')`;
    await admin`insert into usage_rollups (tenant_id, metric, granularity, bucket_start, quantity) values (${tenant.id}, 'units', 'day', '2026-11-01T00:00:00Z', 42)`;

    // (Queued directly: the router would also start it in this process at once.)
    const job = await requestWorkspaceExport({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META });
    expect(job.status).toBe("queued");
    // A second request while one is in progress returns the same export.
    expect((await caller.dataExport.request()).id).toBe(job.id);
    // Only one worker gets to build it.
    const claims = await Promise.all([runWorkspaceExport({ tenantId: tenant.id, exportId: job.id }), runWorkspaceExport({ tenantId: tenant.id, exportId: job.id })]);
    expect(claims.filter(Boolean)).toHaveLength(1);

    const [done] = await caller.dataExport.list();
    expect(done).toMatchObject({ id: job.id, status: "ready", progress: 100, sizeBytes: expect.any(Number), expiresAt: expect.any(Date) });
    const file = await readWorkspaceExport({ tenantId: tenant.id, exportId: job.id, actorUserId: owner.id, meta: TEST_META });
    const text = await new Response(file.stream).text();
    expect(Buffer.byteLength(text)).toBe(file.size);
    const data = JSON.parse(text);
    // Compared part by part: a diff of the whole file (1,200 audit events) would be unreadable.
    expect({ format: data.format, version: data.version }).toEqual({ format: "atrium-workspace-export", version: 1 });
    expect(data.workspace).toMatchObject({ id: tenant.id, slug: tenant.slug, branding: { brandColor: "#0f766e", publicDescription: "Widgets.", hasLogo: false } });
    expect(data.billing.invoices).toEqual([expect.objectContaining({ id: "in_test_1", number: "A-0001", amountCents: 9900 })]);
    expect(data.usage.rows).toEqual([expect.objectContaining({ metric: "units", quantity: 42 })]);
    expect(data.members.map((m: { email: string; role: string }) => [m.email, m.role]).sort()).toEqual([[owner.email, "owner"], [members[0]!.user.email, "admin"]].sort());
    expect(data.invitations).toEqual([expect.objectContaining({ email: "new.person@example.test", role: "member" })]);
    expect(data.apiKeys).toEqual([expect.objectContaining({ name: "Backend", scopes: ["usage:write"] })]);
    expect(data.auditLog.filter((e: { action: string }) => e.action === "test.bulk").length).toBe(1205);
    // Secrets never leave (checked as booleans: a diff of the whole file would be unreadable).
    expect(text.includes(key.secret)).toBe(false);
    expect(text.match(/key_?hash|token_?hash|password_?hash/gi)).toBeNull();
    // The download is itself audited.
    expect((await caller.audit.list({ filters: { action: "workspace.export_downloaded" } })).total).toBe(1);
  });

  it("is for owners only and stays inside its tenant", async () => {
    const a = await makeTenant([{ role: "admin" }]);
    const b = await makeTenant();
    const adminCaller = createCaller(contextFor({ user: a.members[0]!.user, tenant: a.tenant }));
    await expect(adminCaller.dataExport.request()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const job = await createCaller(contextFor({ user: a.owner, tenant: a.tenant })).dataExport.request();
    await runWorkspaceExport({ tenantId: a.tenant.id, exportId: job.id });
    await expect(readWorkspaceExport({ tenantId: b.tenant.id, exportId: job.id, actorUserId: b.owner.id, meta: TEST_META })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await createCaller(contextFor({ user: b.owner, tenant: b.tenant })).dataExport.list()).toEqual([]);
  });

  it("the sweep restarts an export nobody ran and removes expired files", async () => {
    const { tenant, owner } = await makeTenant();
    const job = await requestWorkspaceExport({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META });
    const later = new Date(Date.now() + 5 * 60_000);
    await processWorkspaceExports({ now: later });
    const [row] = await admin<{ status: string; storage_key: string }[]>`select status, storage_key from workspace_exports where id = ${job.id}`;
    expect(row!.status).toBe("ready");
    expect(await getObject(row!.storage_key)).not.toBeNull();

    await processWorkspaceExports({ now: new Date(Date.now() + 8 * 86_400_000) });
    expect(await admin`select 1 from workspace_exports where id = ${job.id}`).toHaveLength(0);
    expect(await getObject(row!.storage_key)).toBeNull();
  });
});
