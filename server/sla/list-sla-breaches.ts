import "server-only";
import { PLANS, type PlanId } from "../../lib/plans";
import { BAD_MINUTE_ERROR_RATE, BAD_MINUTE_MIN_REQUESTS, computeSlaReportFromTotals, MINUTE_MS, slaTermsFor, type Interval } from "../../lib/sla";
import { can, effectivePlan } from "../billing/entitlements";
import { operatorSlaMinutes } from "../db/cross-tenant";
import { asOperator, type OperatorReader } from "../operators/operator-read";
import { readPlatformSignals } from "./platform-signals";
import { monthKey, type WorkspaceSlaReport } from "./workspace-sla";

export type ListSlaBreachesOptions = OperatorReader & {
  /** The month (UTC) to judge; the current one runs up to `now`. */
  month: Interval;
  now?: number;
};

export type SlaBreachRow = WorkspaceSlaReport & { workspace: { id: string; slug: string; name: string } };

export type SlaBreachList = {
  month: string;
  /** Workspaces below their plan's target, lowest availability first. */
  breached: SlaBreachRow[];
  /** Workspaces with an SLA that had bad minutes but stayed within their target. */
  withinTarget: SlaBreachRow[];
};

/**
 * The operator console's SLA list: every workspace with an SLA judged for one month by lib/sla.ts,
 * from one audited cross-workspace read (drizzle/0037) that returns each workspace's totals and
 * only the minutes its own errors made bad, plus the platform's signals read once for the period.
 */
export async function listSlaBreaches({ month, now = Date.now(), ...reader }: ListSlaBreachesOptions): Promise<SlaBreachList> {
  const period = { start: month.start, end: Math.max(month.start, Math.min(month.end, now)) };
  const workspaces = await asOperator(reader, { action: "sla.read", target: "platform" }, (sessionId) =>
    operatorSlaMinutes({ sessionId, from: new Date(period.start), to: new Date(period.end), minRequests: BAD_MINUTE_MIN_REQUESTS, errorRate: BAD_MINUTE_ERROR_RATE, meta: reader.meta }),
  );
  const signals = await readPlatformSignals(period);
  const lastDown = signals.downMinutes.reduce((latest, m) => Math.max(latest, m), -Infinity);
  const judged: SlaBreachRow[] = [];
  for (const w of workspaces) {
    const subject = { status: w.status, planId: w.planId, overrides: w.planOverrides };
    const terms = slaTermsFor({ sla99_9: can(subject, "sla99_9"), sla99_99: can(subject, "sla99_99") });
    if (!terms) continue;
    // Without a bad minute of its own or a platform one since it existed, nothing to report.
    if (w.errorMinutes.length === 0 && lastDown + MINUTE_MS <= w.createdAt.getTime()) continue;
    const plan = effectivePlan(subject);
    const report = computeSlaReportFromTotals({
      period,
      createdAt: w.createdAt.getTime(),
      errorMinutes: w.errorMinutes,
      requests: w.requests,
      serverErrors: w.serverErrors,
      latencyBuckets: w.latencyBuckets,
      platformDownMinutes: signals.downMinutes,
      maintenance: signals.maintenance,
      incidents: signals.incidents,
      terms,
      monthlyFeeCents: PLANS[plan.id as PlanId]?.monthlyCents ?? null,
    });
    if (report.badMinutes === 0) continue;
    // The console reports money in dollars, at list prices (as revenue does).
    judged.push({ ...report, planName: plan.name, month: monthKey(month.start), currency: "usd", workspace: { id: w.id, slug: w.slug, name: w.name } });
  }
  judged.sort((a, b) => (a.availability ?? 100) - (b.availability ?? 100) || a.workspace.name.localeCompare(b.workspace.name));
  return { month: monthKey(month.start), breached: judged.filter((r) => r.breached), withinTarget: judged.filter((r) => !r.breached) };
}
