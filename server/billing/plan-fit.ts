import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import { doesNotFitMessage, isLowerPlan, planFit, type InUse } from "../../lib/plan-fit";
import { PLANS, type PlanId, type UsageMetric } from "../../lib/plans";
import type { Transaction } from "../db/client";
import { apiKeys, invitations, memberships, ssoConnections, tenantDomains, tenants, webhookEndpoints, type Tenant } from "../db/schema";
import { AppError } from "../errors";
import { loadQuotaContext, periodTotals } from "../usage/quota";
import { activeOverrides, effectivePlan } from "./entitlements";

/**
 * What a workspace has in use that a plan limits, in one statement; `usage` comes from the caller
 * (the dashboard frame's usage snapshot, or this period's totals when a change is checked).
 */
export async function loadInUse(tx: Transaction, tenantId: string, usage: Partial<Record<UsageMetric, number>>, now = new Date()): Promise<InUse> {
  const [row] = await tx.execute<{ members: number; api_keys: number; webhook_endpoints: number; custom_domains: number; sso_enabled: boolean }>(sql`
    select
      -- Seats as invitations count them (members/invitations.ts): members plus live invitations.
      ((select count(*) from ${memberships} where ${memberships.tenantId} = ${tenantId})
        + (select count(*) from ${invitations} where ${and(eq(invitations.tenantId, tenantId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now))}))::int as members,
      (select count(*) from ${apiKeys} where ${and(eq(apiKeys.tenantId, tenantId), isNull(apiKeys.revokedAt), isNull(apiKeys.replacedBy), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)))})::int as api_keys,
      (select count(*) from ${webhookEndpoints} where ${webhookEndpoints.tenantId} = ${tenantId})::int as webhook_endpoints,
      (select count(*) from ${tenantDomains} where ${tenantDomains.tenantId} = ${tenantId})::int as custom_domains,
      exists (select 1 from ${ssoConnections} where ${ssoConnections.tenantId} = ${tenantId} and ${ssoConnections.enabled}) as sso_enabled`);
  return { members: row!.members, apiKeys: row!.api_keys, webhookEndpoints: row!.webhook_endpoints, customDomains: row!.custom_domains, ssoEnabled: row!.sso_enabled, usage };
}

/**
 * Refuses a move to a lower plan than the one the workspace has (a trial has Pro) while its use
 * breaks the lower plan's hard limits (members, keys, endpoints, this period's hard usage), with
 * what to do first. Losing features in use is not refused: the billing page asks before.
 */
export async function assertFitsPlan(tx: Transaction, tenant: Tenant, planId: PlanId, now = new Date()): Promise<void> {
  const current = effectivePlan({ status: tenant.status, planId: tenant.planId, overrides: tenant.planOverrides }).id;
  if (!isLowerPlan(planId, current) || !PLANS[planId].selfServe) return;
  const quota = await loadQuotaContext(tx, tenant.id, now);
  const usage = await periodTotals(tx, tenant.id, quota.period);
  const fit = planFit(planId, await loadInUse(tx, tenant.id, usage, now), activeOverrides(tenant.planOverrides, now));
  if (fit.over.length) throw new AppError("CONFLICT", doesNotFitMessage(fit), { reason: "plan_does_not_fit" });
}

/** How long a hold outlives a process that died between the fit check and the provider's answer. */
const HOLD_MS = 2 * 60_000;

/** A hold holdPlanFit took: released only by the change that took it (its end is its token). */
export type PlanHold = { planId: PlanId; until: Date };

/**
 * assertFitsPlan, and for a move to a lower plan a hold on the workspace row until the provider
 * has answered (releasePlanFit): the fit check cannot stay locked across the provider's call, so
 * invitations, API keys and endpoints created meanwhile are admitted under the lower plan's limits
 * (entitlements.ts admissionLimit). While another change holds the workspace, none starts: a
 * second tab's change could otherwise loosen or end the first one's hold. Returns the hold taken,
 * or null (a move up needs none). Call under lockTenantOrThrow.
 */
export async function holdPlanFit(tx: Transaction, tenant: Tenant, planId: PlanId, now = new Date()): Promise<PlanHold | null> {
  if (tenant.pendingPlanId && tenant.pendingPlanUntil && tenant.pendingPlanUntil > now) {
    throw new AppError("CONFLICT", "Another plan change for this workspace is under way. Reload the page in a minute to see its outcome.", { reason: "plan_change_under_way" });
  }
  await assertFitsPlan(tx, tenant, planId, now);
  const current = effectivePlan({ status: tenant.status, planId: tenant.planId, overrides: tenant.planOverrides }).id;
  if (!isLowerPlan(planId, current)) return null;
  const hold = { planId, until: new Date(now.getTime() + HOLD_MS) };
  await tx.update(tenants).set({ pendingPlanId: hold.planId, pendingPlanUntil: hold.until }).where(eq(tenants.id, tenant.id));
  return hold;
}

/** Ends a hold holdPlanFit took, unless it lapsed and another change took the workspace since. */
export async function releasePlanFit(tx: Transaction, tenantId: string, hold: PlanHold): Promise<void> {
  await tx
    .update(tenants)
    .set({ pendingPlanId: null, pendingPlanUntil: null })
    .where(and(eq(tenants.id, tenantId), eq(tenants.pendingPlanId, hold.planId), eq(tenants.pendingPlanUntil, hold.until)));
}
