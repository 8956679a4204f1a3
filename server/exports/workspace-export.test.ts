import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { contextFor, makeTenant, TEST_META } from "../../test/factories";
import { waitFor } from "../../test/job-queues";
import { recordAuditEvent } from "../audit/record-audit-event";
import { withTenant } from "../db/with-tenant";
import { createCaller } from "../trpc/root";
import { getObject } from "../storage/storage";
import { processWorkspaceExports, readWorkspaceExport, requestWorkspaceExport, restartStalledExports, runWorkspaceExport } from "./workspace-export";

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

  // On disk only: the way to make opening the file fail is a file where its folder goes (the same
  // tests run against S3 from test/storage-on-s3.test.ts, where that trick does not apply).
  it.skipIf(Boolean(process.env.S3_BUCKET))("a build whose file cannot be opened fails the export and frees its slot", async () => {
    const blocked = [await makeTenant(), await makeTenant()];
    for (const { tenant, owner } of blocked) {
      // A file where the tenant's export folder would go: opening the export file throws.
      mkdirSync(path.join(process.env.STORAGE_DIR!, "exports"), { recursive: true });
      writeFileSync(path.join(process.env.STORAGE_DIR!, "exports", tenant.id), "in the way");
      const job = await requestWorkspaceExport({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META });
      expect(await runWorkspaceExport({ tenantId: tenant.id, exportId: job.id })).toBe(true);
      expect(await exportRow(tenant.id, job.id)).toMatchObject({ status: "failed" });
    }
    // Both failures gave their slot back (a process builds two at once): the sweep still builds.
    const { tenant, owner } = await makeTenant();
    const job = await requestWorkspaceExport({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META });
    expect(await restartStalledExports({ now: new Date(Date.now() + 5 * 60_000) })).toBeGreaterThanOrEqual(1);
    expect(await exportRow(tenant.id, job.id)).toMatchObject({ status: "ready" });
  });

  it("a build keeps its claim fresh; once another builder has claimed the export, it stops without touching it", async () => {
    const { tenant, owner } = await makeTenant();
    const job = await requestWorkspaceExport({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META });
    // A clock 4 minutes further on at each reading.
    const start = Date.now();
    let clock = start;
    const now = () => new Date((clock += 4 * 60_000));
    // Holds the build where it reads invoices (after five progress steps).
    const locker = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holding = locker.begin(async (tx) => {
      await tx`lock table invoices in access exclusive mode`;
      locked();
      await released;
    });
    await isLocked;
    const firstBuild = runWorkspaceExport({ tenantId: tenant.id, exportId: job.id, now });
    await waitFor(async () => (await exportRow(tenant.id, job.id))!.stage === "Invoices", 10_000, "the build to reach the invoices");
    // Claimed at start + 4 min; each progress step moved the claim on: it does not look stalled.
    expect((await exportRow(tenant.id, job.id))!.started_at.getTime()).toBeGreaterThanOrEqual(start + 16 * 60_000);

    // Meanwhile another builder claims the export and finishes it.
    const finishedAt = new Date("2030-01-01T00:00:00Z");
    await admin`update workspace_exports set started_at = now(), status = 'ready', stage = 'Ready', progress = 100, size_bytes = 7, finished_at = ${finishedAt}
      where tenant_id = ${tenant.id} and id = ${job.id}`;
    release();
    await holding;
    await locker.end({ timeout: 5 });
    expect(await firstBuild).toBe(true);
    expect(await exportRow(tenant.id, job.id)).toMatchObject({ status: "ready", size_bytes: 7, finished_at: finishedAt });
  });
});

async function exportRow(tenantId: string, exportId: string) {
  const [row] = await admin<{ status: string; stage: string; started_at: Date; size_bytes: number | null; finished_at: Date | null }[]>`
    select status, stage, started_at, size_bytes, finished_at from workspace_exports where tenant_id = ${tenantId} and id = ${exportId}`;
  return row;
}
