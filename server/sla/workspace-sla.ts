import { and, eq, gte, lt } from "drizzle-orm";
import { PLANS, priceCents, type Currency, type PlanId } from "../../lib/plans";
import { computeSlaReport, monthOf, slaTermsFor, type Interval, type SlaReport } from "../../lib/sla";
import { tenants, workspaceRequestMinutes } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { can, effectivePlan } from "../billing/entitlements";
import { AppError } from "../errors";
import { readPlatformSignals } from "./platform-signals";

/** `currency`: what creditCents is in (the workspace's own page: its billing currency; the console: dollars). */
export type WorkspaceSlaReport = SlaReport & { planName: string; month: string; currency: Currency };

/** "2026-11": the month a report covers (UTC). */
export function monthKey(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

/** The month a "YYYY-MM" names, or a readable 400 (years 2000–9999). */
export function parseMonth(value: unknown): Interval {
  if (typeof value !== "string" || !/^\d{4}-(0[1-9]|1[0-2])$/.test(value) || Number(value.slice(0, 4)) < 2000) {
    throw new AppError("BAD_REQUEST", "Choose a month as YYYY-MM.");
  }
  return monthOf(Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1, 1));
}

/**
 * One workspace's SLA report for one month (the current month runs up to now): its request
 * minutes, the prober's down minutes, maintenance windows and incidents, judged by lib/sla.ts.
 */
export async function workspaceSlaReport({ tenantId, month, now = Date.now() }: { tenantId: string; month: Interval; now?: number }): Promise<WorkspaceSlaReport> {
  const period = { start: month.start, end: Math.min(month.end, now) };
  const { tenant, minutes } = await withTenant(tenantId, async (tx) => {
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
    if (!tenant) throw new AppError("NOT_FOUND", "Workspace not found.");
    const minutes = await tx
      .select({ minute: workspaceRequestMinutes.minute, requests: workspaceRequestMinutes.requests, serverErrors: workspaceRequestMinutes.serverErrors, latencyBuckets: workspaceRequestMinutes.latencyBuckets })
      .from(workspaceRequestMinutes)
      .where(and(eq(workspaceRequestMinutes.tenantId, tenantId), gte(workspaceRequestMinutes.minute, new Date(period.start)), lt(workspaceRequestMinutes.minute, new Date(Math.max(period.start, period.end)))));
    return { tenant, minutes };
  });
  const subject = { status: tenant.status, planId: tenant.planId, overrides: tenant.planOverrides };
  const plan = effectivePlan(subject);
  const terms = slaTermsFor({ sla99_9: can(subject, "sla99_9"), sla99_99: can(subject, "sla99_99") });
  const signals = await readPlatformSignals(period);
  const report = computeSlaReport({
    period,
    createdAt: tenant.createdAt.getTime(),
    requests: minutes.map((m) => ({ ...m, minute: m.minute.getTime() })),
    platformDownMinutes: signals.downMinutes,
    maintenance: signals.maintenance,
    incidents: signals.incidents,
    terms,
    // The workspace's own monthly list price, in the currency it is billed in.
    monthlyFeeCents: PLANS[plan.id as PlanId] ? priceCents(PLANS[plan.id as PlanId], "month", tenant.currency) : null,
  });
  return { ...report, planName: plan.name, month: monthKey(month.start), currency: tenant.currency };
}

/** The last `count` UTC months, the current one first. */
export function monthsBack(count: number, now = Date.now()): Interval[] {
  const d = new Date(now);
  return Array.from({ length: count }, (_, i) => monthOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i, 1)));
}
