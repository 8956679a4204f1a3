import { PLAN_IDS, type PlanId } from "../../../lib/plans";
import { DAY_MS, type Point } from "./series";
import { clamp, round } from "./stats";

/**
 * Churn risk (0–100) and expansion potential (0–100) per workspace, each the sum of stated,
 * capped reasons, so an operator sees why a workspace ranks where it does.
 *
 * Churn risk, weights summing to 100:
 * - usage decline (35): last 30 days against the 30 before; 0 up to a 10 % fall, full at 60 %.
 * - no sign-ins (25): days since anyone signed in (or since creation); 0 up to 7 days, full at 30.
 * - payment failures (20): failed payments in the last 90 days; 10 each.
 * - seats removed (10): members now against 90 days ago; full when half are gone.
 * - downgrades (10): any move to a lower plan in the last 90 days.
 *
 * Expansion potential, weights summing to 100:
 * - near limits (50): the highest projected used/limit this period; 0 up to 60 %, full at 100 %.
 * - growing usage (35): last 30 days against the 30 before; full at +50 % (or from nothing).
 * - seats added (15): members now against 90 days ago; full at +30 %.
 */
export const CHURN_WEIGHTS = { usageDecline: 35, noSignIns: 25, paymentFailures: 20, seatsRemoved: 10, downgrades: 10 } as const;
export const EXPANSION_WEIGHTS = { nearLimits: 50, growth: 35, seatsAdded: 15 } as const;
export const WINDOW_DAYS = 30;
export const LOOKBACK_DAYS = 90;

export type PlanChange = { at: Date; fromPlanId: PlanId; toPlanId: PlanId };

export type WorkspaceHistory = {
  tenantId: string;
  createdAt: Date;
  /** Daily usage totals (any order). */
  dailyUsage: readonly Point[];
  lastSignInAt: Date | null;
  paymentFailures: readonly Date[];
  /** Member count, a point whenever it changed (or one a day). */
  seats: readonly Point[];
  planChanges: readonly PlanChange[];
  /** This period's highest projected used/limit ratio over limited metrics (forecast.ts); 0 when nothing is limited. */
  quotaPressure: number;
  /** The metric whose forecast is nearest its limit (quotaPressure's), when known. */
  quotaPressureMetric?: string | null;
};

export type ChurnReason =
  | { code: "usageDecline"; points: number; percent: number; recent: number; prior: number }
  | { code: "noSignIns"; points: number; days: number }
  | { code: "paymentFailures"; points: number; count: number }
  | { code: "seatsRemoved"; points: number; removed: number; before: number; now: number }
  | { code: "downgrades"; points: number; count: number; lastToPlanId: PlanId };

export type ExpansionReason =
  | { code: "nearLimits"; points: number; percent: number; metric?: string | null }
  | { code: "growth"; points: number; percent: number; recent: number; prior: number }
  | { code: "seatsAdded"; points: number; added: number; before: number; now: number };

export type Scored<R> = { tenantId: string; score: number; reasons: R[] };

const sumIn = (points: readonly Point[], from: number, to: number) => points.reduce((s, p) => (p.at.getTime() >= from && p.at.getTime() < to ? s + p.value : s), 0);

/** The last value at or before `at` (the first one when all are later); null without points. */
function valueAt(points: readonly Point[], at: number): number | null {
  let best: Point | null = null;
  let first: Point | null = null;
  for (const p of points) {
    if (!first || p.at < first.at) first = p;
    if (p.at.getTime() <= at && (!best || p.at > best.at)) best = p;
  }
  return (best ?? first)?.value ?? null;
}

/** Usage in the last WINDOW_DAYS and the WINDOW_DAYS before, and the change between them (-1..+inf). */
export function usageChange(history: WorkspaceHistory, now: Date): { recent: number; prior: number; change: number } {
  const t = now.getTime();
  const recent = sumIn(history.dailyUsage, t - WINDOW_DAYS * DAY_MS, t);
  const prior = sumIn(history.dailyUsage, t - 2 * WINDOW_DAYS * DAY_MS, t - WINDOW_DAYS * DAY_MS);
  return { recent, prior, change: prior > 0 ? (recent - prior) / prior : recent > 0 ? 1 : 0 };
}

function seatChange(history: WorkspaceHistory, now: Date): { before: number; now: number } | null {
  const current = valueAt(history.seats, now.getTime());
  const before = valueAt(history.seats, now.getTime() - LOOKBACK_DAYS * DAY_MS);
  return current === null || before === null ? null : { before, now: current };
}

const rank = (planId: PlanId) => PLAN_IDS.indexOf(planId);

export function churnRisk(history: WorkspaceHistory, now: Date): Scored<ChurnReason> {
  const t = now.getTime();
  const reasons: ChurnReason[] = [];
  const usage = usageChange(history, now);
  const decline = Math.max(0, -usage.change);
  reasons.push({ code: "usageDecline", points: CHURN_WEIGHTS.usageDecline * clamp((decline - 0.1) / 0.5, 0, 1), percent: round(decline * 100, 1), recent: usage.recent, prior: usage.prior });

  const days = Math.floor((t - (history.lastSignInAt ?? history.createdAt).getTime()) / DAY_MS);
  reasons.push({ code: "noSignIns", points: CHURN_WEIGHTS.noSignIns * clamp((days - 7) / 23, 0, 1), days });

  const failures = history.paymentFailures.filter((at) => at.getTime() > t - LOOKBACK_DAYS * DAY_MS && at <= now).length;
  reasons.push({ code: "paymentFailures", points: Math.min(CHURN_WEIGHTS.paymentFailures, 10 * failures), count: failures });

  const seats = seatChange(history, now);
  if (seats && seats.before > 0) {
    const removed = Math.max(0, seats.before - seats.now);
    reasons.push({ code: "seatsRemoved", points: CHURN_WEIGHTS.seatsRemoved * clamp(removed / seats.before / 0.5, 0, 1), removed, ...seats });
  }

  const downgrades = history.planChanges
    .filter((c) => c.at.getTime() > t - LOOKBACK_DAYS * DAY_MS && c.at <= now && rank(c.toPlanId) < rank(c.fromPlanId))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const last = downgrades[downgrades.length - 1];
  if (last) reasons.push({ code: "downgrades", points: CHURN_WEIGHTS.downgrades, count: downgrades.length, lastToPlanId: last.toPlanId });

  return finish(history.tenantId, reasons);
}

export function expansionPotential(history: WorkspaceHistory, now: Date): Scored<ExpansionReason> {
  const reasons: ExpansionReason[] = [];
  const pressure = Math.max(0, history.quotaPressure);
  reasons.push({ code: "nearLimits", points: EXPANSION_WEIGHTS.nearLimits * clamp((pressure - 0.6) / 0.4, 0, 1), percent: round(pressure * 100, 1), metric: history.quotaPressureMetric ?? null });
  const usage = usageChange(history, now);
  reasons.push({ code: "growth", points: EXPANSION_WEIGHTS.growth * clamp(usage.change / 0.5, 0, 1), percent: round(usage.change * 100, 1), recent: usage.recent, prior: usage.prior });
  const seats = seatChange(history, now);
  if (seats && seats.before > 0) {
    const added = Math.max(0, seats.now - seats.before);
    reasons.push({ code: "seatsAdded", points: EXPANSION_WEIGHTS.seatsAdded * clamp(added / seats.before / 0.3, 0, 1), added, ...seats });
  }
  return finish(history.tenantId, reasons);
}

/** Drops reasons that add nothing, rounds, and orders the rest by weight. */
function finish<R extends { points: number }>(tenantId: string, reasons: R[]): Scored<R> {
  const kept = reasons.filter((r) => r.points > 0).map((r) => ({ ...r, points: round(r.points, 1) }));
  kept.sort((a, b) => b.points - a.points);
  return { tenantId, score: Math.round(clamp(kept.reduce((s, r) => s + r.points, 0), 0, 100)), reasons: kept };
}

/** Highest score first; ties by tenant id, so the order is stable. */
export function rankBy<R>(histories: readonly WorkspaceHistory[], now: Date, score: (h: WorkspaceHistory, now: Date) => Scored<R>): Scored<R>[] {
  return histories.map((h) => score(h, now)).sort((a, b) => b.score - a.score || (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0));
}
