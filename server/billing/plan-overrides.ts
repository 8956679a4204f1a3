import { eq } from "drizzle-orm";
import { z } from "zod";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import type { Transaction } from "../db/client";
import { afterCommit, withTenant } from "../db/with-tenant";
import { tenants, type Tenant } from "../db/schema";
import { AppError } from "../errors";
import { FEATURES, LIMIT_METRICS, UNLIMITED, type Feature, type Limit, type LimitMetric } from "../../lib/plans";
import { can, effectivePlan, limitOf, type PlanOverrides } from "./entitlements";
import { forgetWorkspaceCaches } from "../tenants/forget-workspace-caches";

const ZLimit = z.union([z.literal(UNLIMITED), z.number().int().min(0).max(1e12)]);
export const ZPlanOverrides = z
  .object({
    features: z.partialRecord(z.enum(FEATURES), z.boolean()).optional(),
    limits: z.partialRecord(z.enum(LIMIT_METRICS), ZLimit).optional(),
    until: z
      .object({
        features: z.partialRecord(z.enum(FEATURES), z.iso.datetime({ offset: true })).optional(),
        limits: z.partialRecord(z.enum(LIMIT_METRICS), z.iso.datetime({ offset: true })).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type WritePlanOverridesOptions = { tenant: Tenant; overrides: PlanOverrides; actorUserId: string | null; meta: RequestMeta; auditMetadata?: Record<string, unknown> };

/**
 * The write itself, inside the caller's transaction with the workspace row locked: replaces the
 * overrides, records the audit event, and forgets the workspace's caches after the commit.
 */
export async function writePlanOverrides(tx: Transaction, { tenant, overrides, actorUserId, meta, auditMetadata }: WritePlanOverridesOptions): Promise<PlanOverrides> {
  const parsed = ZPlanOverrides.safeParse(overrides);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "Invalid overrides.", { fieldErrors: z.flattenError(parsed.error).fieldErrors });
  await tx.update(tenants).set({ planOverrides: parsed.data, updatedAt: new Date() }).where(eq(tenants.id, tenant.id));
  await recordAuditEvent(tx, {
    tenantId: tenant.id,
    actorUserId,
    action: "billing.overrides_changed",
    target: `tenant:${tenant.slug}`,
    metadata: { from: tenant.planOverrides, to: parsed.data, ...auditMetadata },
    meta,
  });
  afterCommit(tx, () => forgetWorkspaceCaches({ tenantId: tenant.id, slug: tenant.slug }));
  return parsed.data;
}

export type SetPlanOverridesOptions = { tenantId: string; overrides: PlanOverrides; actorUserId: string | null; meta: RequestMeta };

/** Operators: grant features or raise limits for one tenant (replaces the previous overrides). */
export async function setPlanOverrides({ tenantId, overrides, actorUserId, meta }: SetPlanOverridesOptions): Promise<void> {
  const parsed = ZPlanOverrides.safeParse(overrides);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "Invalid overrides.", { fieldErrors: z.flattenError(parsed.error).fieldErrors });
  await withTenant(tenantId, async (tx) => {
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, tenantId)).for("update");
    if (!tenant) throw new AppError("NOT_FOUND", "Workspace not found.");
    await writePlanOverrides(tx, { tenant, overrides: parsed.data, actorUserId, meta });
  });
}

export type Entitlements = {
  planId: string;
  status: string;
  features: Record<Feature, boolean>;
  limits: Record<LimitMetric, Limit>;
};

/** What the tenant may use right now: the catalog plan plus its overrides. */
export async function getEntitlements({ tenantId }: { tenantId: string }): Promise<Entitlements> {
  const [tenant] = await withTenant(tenantId, (tx) => tx.select().from(tenants).where(eq(tenants.id, tenantId)));
  if (!tenant) throw new AppError("NOT_FOUND", "Workspace not found.");
  const subject = { status: tenant.status, planId: tenant.planId, overrides: tenant.planOverrides };
  return {
    planId: effectivePlan(subject).id,
    status: tenant.status,
    features: Object.fromEntries(FEATURES.map((f) => [f, can(subject, f)])) as Record<Feature, boolean>,
    limits: Object.fromEntries(LIMIT_METRICS.map((m) => [m, limitOf(subject, m)])) as Record<LimitMetric, Limit>,
  };
}
