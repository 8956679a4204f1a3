import { and, asc, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { recordEvent } from "../events/record-event";
import { listExportsToProcess } from "../db/cross-tenant";
import type { Transaction } from "../db/client";
import { withTenant } from "../db/with-tenant";
import {
  apiKeys,
  auditEvents,
  invitations,
  invoices,
  memberships,
  subscriptions,
  tenantDomains,
  tenants,
  usageRollups,
  users,
  workspaceExports,
  type WorkspaceExport,
} from "../db/schema";
import { env } from "../env";
import { enqueueJobAfterCommit } from "../jobs/enqueue-job";
import { AppError } from "../errors";
import { logger } from "../logger";
import { createObjectWriter, deleteObject, openObjectStream, type ObjectWriter } from "../storage/storage";

// A workspace's data as one JSON file, built in the background with progress an owner can watch.
// Secrets never leave: API keys appear without their hashes, invitations without their tokens.

export const EXPORT_FORMAT_VERSION = 1;
const AUDIT_PAGE = 1000;
/** A running export whose worker has not finished in this long is restarted by the sweep. */
const STALE_MS = 10 * 60_000;
/** Exports built at once in one process (each reads a whole workspace); the rest wait in the queue. */
const MAX_RUNNING = 2;
let running = 0;

export type ExportView = Pick<WorkspaceExport, "id" | "status" | "progress" | "stage" | "sizeBytes" | "error" | "createdAt" | "finishedAt" | "expiresAt">;

const viewColumns = {
  id: workspaceExports.id,
  status: workspaceExports.status,
  progress: workspaceExports.progress,
  stage: workspaceExports.stage,
  sizeBytes: workspaceExports.sizeBytes,
  error: workspaceExports.error,
  createdAt: workspaceExports.createdAt,
  finishedAt: workspaceExports.finishedAt,
  expiresAt: workspaceExports.expiresAt,
};

export async function listWorkspaceExports({ tenantId }: { tenantId: string }): Promise<ExportView[]> {
  return withTenant(tenantId, (tx) => tx.select(viewColumns).from(workspaceExports).where(eq(workspaceExports.tenantId, tenantId)).orderBy(desc(workspaceExports.createdAt)).limit(5));
}

/**
 * Queues an export (or returns the one already in progress). Its build is enqueued once this
 * commits and runs on a worker (in the web process by default); the export-build schedule starts
 * it if that enqueue is lost.
 */
export async function requestWorkspaceExport(options: { tenantId: string; actorUserId: string; meta: RequestMeta }): Promise<ExportView> {
  return withTenant(options.tenantId, async (tx) => {
    await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, options.tenantId)).for("update");
    const [inProgress] = await tx
      .select(viewColumns)
      .from(workspaceExports)
      .where(and(eq(workspaceExports.tenantId, options.tenantId), inArray(workspaceExports.status, ["queued", "running"])));
    if (inProgress) return inProgress;
    const [row] = await tx.insert(workspaceExports).values({ tenantId: options.tenantId, requestedBy: options.actorUserId, stage: "Waiting to start" }).returning(viewColumns);
    await recordAuditEvent(tx, { tenantId: options.tenantId, actorUserId: options.actorUserId, action: "workspace.export_requested", target: `export:${row!.id}`, meta: options.meta });
    enqueueJobAfterCommit(tx, "export-build", { tenantId: options.tenantId, exportId: row!.id }, { singletonKey: row!.id });
    return row!;
  });
}

/**
 * One builder's hold on an export. `startedAt` is the value this builder last wrote: every claim
 * writes a new one, so a builder whose export was claimed again (after STALE_MS without progress)
 * finds it changed and stops, and can neither finish nor fail the other builder's run.
 */
type BuildClaim = { tenantId: string; exportId: string; startedAt: Date; now: () => Date };

class LostClaim extends Error {}

/** Also the build's heartbeat: an export that keeps making progress is never taken for a stalled one. */
async function setProgress(claim: BuildClaim, progress: number, stage: string): Promise<void> {
  const heartbeat = new Date(Math.max(claim.now().getTime(), claim.startedAt.getTime() + 1));
  const [row] = await withTenant(claim.tenantId, (tx) =>
    tx
      .update(workspaceExports)
      .set({ progress: Math.min(99, Math.round(progress)), stage, startedAt: heartbeat })
      .where(ourBuild(claim))
      .returning({ id: workspaceExports.id }),
  );
  if (!row) throw new LostClaim();
  claim.startedAt = heartbeat;
}

function ourBuild(claim: BuildClaim) {
  return and(
    eq(workspaceExports.tenantId, claim.tenantId),
    eq(workspaceExports.id, claim.exportId),
    eq(workspaceExports.status, "running"),
    eq(workspaceExports.startedAt, claim.startedAt),
  );
}

/** Claims the export (so two workers never build the same one) and builds it. */
export async function runWorkspaceExport({ tenantId, exportId, now = () => new Date() }: { tenantId: string; exportId: string; now?: () => Date }): Promise<boolean> {
  const claimedAt = now();
  const [claimed] = await withTenant(tenantId, (tx) =>
    tx
      .update(workspaceExports)
      .set({ status: "running", startedAt: claimedAt, progress: 1, stage: "Starting" })
      .where(
        and(
          eq(workspaceExports.tenantId, tenantId),
          eq(workspaceExports.id, exportId),
          or(eq(workspaceExports.status, "queued"), and(eq(workspaceExports.status, "running"), lt(workspaceExports.startedAt, new Date(claimedAt.getTime() - STALE_MS)))),
        ),
      )
      .returning({ id: workspaceExports.id }),
  );
  if (!claimed) return false;
  const claim: BuildClaim = { tenantId, exportId, startedAt: claimedAt, now };
  const key = `exports/${tenantId}/${exportId}.json`;
  let writer: ObjectWriter | null = null;
  running++;
  try {
    writer = await createObjectWriter(key);
    await writeExport(claim, writer);
    await setProgress(claim, 98, "Saving the file");
    const sizeBytes = await writer.commit();
    const finishedAt = now();
    const [finished] = await withTenant(tenantId, async (tx) => {
      const rows = await tx
        .update(workspaceExports)
        .set({
          status: "ready",
          progress: 100,
          stage: "Ready",
          storageKey: key,
          sizeBytes,
          finishedAt,
          expiresAt: new Date(finishedAt.getTime() + env.EXPORT_RETENTION_DAYS * 86_400_000),
        })
        .where(ourBuild(claim))
        .returning({ id: workspaceExports.id, expiresAt: workspaceExports.expiresAt, requestedBy: workspaceExports.requestedBy });
      // Only the build whose result stands announces it (a superseded one wrote nothing).
      if (rows[0]) {
        // The member who asked is the actor, so the notification goes to them.
        const actor = rows[0].requestedBy ? ({ type: "user", id: rows[0].requestedBy } as const) : ({ type: "system" } as const);
        await recordEvent(tx, { tenantId, type: "export.ready", data: { exportId: rows[0].id, expiresAt: rows[0].expiresAt?.toISOString() ?? null }, actor });
      }
      return rows;
    });
    if (!finished) logger.warn("workspace export: finished after another builder claimed it; that builder's outcome stands", { tenantId, exportId });
  } catch (error) {
    await writer?.abort();
    if (error instanceof LostClaim) {
      logger.warn("workspace export: claimed by another builder meanwhile (no progress for 10 minutes); this build stops", { tenantId, exportId });
    } else {
      logger.error("workspace export failed", { tenantId, exportId, error });
      await withTenant(tenantId, (tx) =>
        tx
          .update(workspaceExports)
          .set({ status: "failed", stage: "Failed", error: "The export could not be built. Please try again.", finishedAt: now() })
          .where(ourBuild(claim)),
      );
    }
  } finally {
    running--;
  }
  return true;
}

/** Writes the file piece by piece: everything but the audit log first, then the log page by page. */
async function writeExport(claim: BuildClaim, writer: ObjectWriter): Promise<void> {
  const { tenantId } = claim;
  const read = <T>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant(tenantId, fn);

  await setProgress(claim, 5, "Workspace settings");
  const [tenant] = await read((tx) => tx.select().from(tenants).where(eq(tenants.id, tenantId)));
  if (!tenant) throw new AppError("NOT_FOUND", "Workspace not found.");
  const [subscription] = await read((tx) => tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenantId)));
  const domains = await read((tx) =>
    tx
      .select({ hostname: tenantDomains.hostname, status: tenantDomains.status, verifiedAt: tenantDomains.verifiedAt, createdAt: tenantDomains.createdAt })
      .from(tenantDomains)
      .where(eq(tenantDomains.tenantId, tenantId)),
  );

  await setProgress(claim, 15, "Members and invitations");
  const members = await read((tx) =>
    tx
      .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, joinedAt: memberships.createdAt })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.tenantId, tenantId))
      .orderBy(asc(memberships.createdAt)),
  );
  const pendingInvitations = await read((tx) =>
    tx
      .select({ email: invitations.email, role: invitations.role, createdAt: invitations.createdAt, expiresAt: invitations.expiresAt, acceptedAt: invitations.acceptedAt, revokedAt: invitations.revokedAt })
      .from(invitations)
      .where(eq(invitations.tenantId, tenantId))
      .orderBy(asc(invitations.createdAt)),
  );
  const keys = await read((tx) =>
    tx
      .select({ name: apiKeys.name, prefix: apiKeys.prefix, scopes: apiKeys.scopes, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, expiresAt: apiKeys.expiresAt, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(eq(apiKeys.tenantId, tenantId))
      .orderBy(asc(apiKeys.createdAt)),
  );

  await setProgress(claim, 30, "Usage");
  const usage = await read((tx) =>
    tx
      .select({ metric: usageRollups.metric, day: usageRollups.bucketStart, quantity: usageRollups.quantity })
      .from(usageRollups)
      .where(and(eq(usageRollups.tenantId, tenantId), eq(usageRollups.granularity, "day")))
      .orderBy(asc(usageRollups.bucketStart), asc(usageRollups.metric)),
  );

  await setProgress(claim, 40, "Invoices");
  const invoiceRows = await read((tx) =>
    tx
      .select({ id: invoices.id, number: invoices.number, status: invoices.status, amountCents: invoices.amountCents, currency: invoices.currency, periodEnd: invoices.periodEnd, createdAt: invoices.createdAt })
      .from(invoices)
      .where(eq(invoices.tenantId, tenantId))
      .orderBy(asc(invoices.createdAt)),
  );

  // The audit log can be large: read in keyset pages, with progress between 45% and 95%.
  const [{ total } = { total: 0 }] = await read((tx) => tx.select({ total: sql<number>`count(*)::int` }).from(auditEvents).where(eq(auditEvents.tenantId, tenantId)));
  const head = JSON.stringify(
    {
      format: "atrium-workspace-export",
      version: EXPORT_FORMAT_VERSION,
      exportedAt: new Date().toISOString(),
      workspace: {
        id: tenant.id,
        slug: tenant.slug,
        name: tenant.name,
        status: tenant.status,
        planId: tenant.planId,
        trialEndsAt: tenant.trialEndsAt,
        createdAt: tenant.createdAt,
        branding: { brandColor: tenant.brandColor, publicDescription: tenant.publicDescription, hasLogo: !!tenant.logoKey },
        domains,
      },
      billing: {
        subscription: subscription
          ? { provider: subscription.provider, status: subscription.status, planId: subscription.planId, interval: subscription.interval, currentPeriodEnd: subscription.currentPeriodEnd, cancelAtPeriodEnd: subscription.cancelAtPeriodEnd }
          : null,
        invoices: invoiceRows,
      },
      members,
      invitations: pendingInvitations,
      apiKeys: keys,
      usage: { granularity: "day", rows: usage },
    },
    null,
    2,
  );
  // The head ends with "\n}": the audit log is appended as its last property.
  await writer.write(`${head.slice(0, -2)},\n  "auditLog": [`);
  type AuditRow = { id: string; action: string; actorUserId: string | null; target: string | null; ip: string | null; metadata: Record<string, unknown>; createdAt: Date };
  let written = 0;
  // The cursor keeps PostgreSQL's microseconds (as text): a JS Date would round them away, and
  // events written in one transaction share a timestamp.
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const cursor: { at: string; id: string } | null = after;
    const page: (AuditRow & { at: string })[] = await read((tx) =>
      tx
        .select({
          id: auditEvents.id,
          action: auditEvents.action,
          actorUserId: auditEvents.actorUserId,
          target: auditEvents.target,
          ip: auditEvents.ip,
          metadata: auditEvents.metadata,
          createdAt: auditEvents.createdAt,
          at: sql<string>`${auditEvents.createdAt}::text`,
        })
        .from(auditEvents)
        .where(and(eq(auditEvents.tenantId, tenantId), cursor ? sql`(${auditEvents.createdAt}, ${auditEvents.id}) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : undefined))
        .orderBy(asc(auditEvents.createdAt), asc(auditEvents.id))
        .limit(AUDIT_PAGE),
    );
    let chunk = "";
    for (const row of page) {
      const event: AuditRow = { id: row.id, action: row.action, actorUserId: row.actorUserId, target: row.target, ip: row.ip, metadata: row.metadata, createdAt: row.createdAt };
      chunk += `${written++ === 0 ? "" : ","}\n    ${JSON.stringify(event)}`;
    }
    await writer.write(chunk);
    if (page.length < AUDIT_PAGE) break;
    after = { at: page.at(-1)!.at, id: page.at(-1)!.id };
    await setProgress(claim, 45 + (50 * written) / Math.max(total, 1), `Audit log (${written.toLocaleString("en-US")} of ${total.toLocaleString("en-US")})`);
  }

  await writer.write("\n  ]\n}\n");
}

const NOT_AVAILABLE = "That export is not available (it may have expired). Start a new one.";

/** A ready, unexpired export of this tenant, or null. */
async function downloadableExport(tx: Transaction, tenantId: string, exportId: string) {
  const [found] = await tx.select().from(workspaceExports).where(and(eq(workspaceExports.tenantId, tenantId), eq(workspaceExports.id, exportId)));
  return !found || found.status !== "ready" || !found.storageKey || (found.expiresAt && found.expiresAt < new Date()) ? null : found;
}

/** For the download route: the file of a ready, unexpired export of this tenant. */
export async function readWorkspaceExport(options: { tenantId: string; exportId: string; actorUserId: string; meta: RequestMeta }): Promise<{ stream: ReadableStream<Uint8Array>; size: number; createdAt: Date }> {
  const row = await withTenant(options.tenantId, async (tx) => {
    const found = await downloadableExport(tx, options.tenantId, options.exportId);
    if (!found) return null;
    await recordAuditEvent(tx, { tenantId: options.tenantId, actorUserId: options.actorUserId, action: "workspace.export_downloaded", target: `export:${found.id}`, meta: options.meta });
    return found;
  });
  const file = row ? await openObjectStream(row.storageKey!) : null;
  if (!row || !file) throw new AppError("NOT_FOUND", NOT_AVAILABLE);
  return { ...file, createdAt: row.createdAt };
}

/** For a HEAD request: what a download would be, with nothing opened and no download recorded. */
export async function describeWorkspaceExport(options: { tenantId: string; exportId: string }): Promise<{ size: number | null; createdAt: Date }> {
  const row = await withTenant(options.tenantId, (tx) => downloadableExport(tx, options.tenantId, options.exportId));
  if (!row) throw new AppError("NOT_FOUND", NOT_AVAILABLE);
  return { size: row.sizeBytes ?? null, createdAt: row.createdAt };
}

/** The export-build schedule: builds exports nobody started, or whose builder died (10 minutes). */
export async function restartStalledExports({ now = new Date() }: { now?: Date } = {}): Promise<number> {
  const calledAt = Date.now();
  let started = 0;
  for (const { tenantId, exportId } of await listExportsToProcess(new Date(now.getTime() - 60_000), now)) {
    if (running >= MAX_RUNNING) break;
    const [row] = await withTenant(tenantId, (tx) => tx.select().from(workspaceExports).where(and(eq(workspaceExports.tenantId, tenantId), eq(workspaceExports.id, exportId))));
    if (!row || (row.expiresAt && row.expiresAt < now)) continue;
    // A clock that starts at `now` and runs on: builds refresh their claim as they progress.
    if (await runWorkspaceExport({ tenantId, exportId, now: () => new Date(now.getTime() + (Date.now() - calledAt)) })) started++;
  }
  return started;
}

/** Housekeeping: removes expired exports, file first (a failure leaves the row, to be tried again). */
export async function pruneExpiredExports({ now = new Date() }: { now?: Date } = {}): Promise<number> {
  let removed = 0;
  for (const { tenantId, exportId } of await listExportsToProcess(new Date(now.getTime() - 60_000), now)) {
    const [row] = await withTenant(tenantId, (tx) => tx.select().from(workspaceExports).where(and(eq(workspaceExports.tenantId, tenantId), eq(workspaceExports.id, exportId))));
    if (!row?.expiresAt || row.expiresAt >= now) continue;
    if (row.storageKey) await deleteObject(row.storageKey);
    await withTenant(tenantId, (tx) => tx.delete(workspaceExports).where(and(eq(workspaceExports.tenantId, tenantId), eq(workspaceExports.id, exportId))));
    removed++;
  }
  return removed;
}

/** Both of the above (what the interval sweep used to do). */
export async function processWorkspaceExports({ now = new Date() }: { now?: Date } = {}): Promise<number> {
  return (await restartStalledExports({ now })) + (await pruneExpiredExports({ now }));
}
