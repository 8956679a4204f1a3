import type { PlanId } from "../../../lib/plans";
import type { PlanChange, WorkspaceHistory } from "./churn-risk";
import { normal, seededRandom } from "./prng";
import { DAY_MS, dayOfWeek, type Point } from "./series";

/**
 * Workspace histories with known outcomes, for checking the churn score against a baseline.
 *
 * Each workspace gets 90 days of daily usage (a log-normal level, a weekday/weekend rhythm, ±15 %
 * noise), a seat count, sign-ins, payments and plan changes. Whether it churns is drawn first;
 * the signals then follow the outcome only loosely, as in real data: a churning workspace shows
 * each warning sign with some probability (not all of them, sometimes none), and a staying one
 * shows the same signs less often (a seasonal dip, an API-only team that never signs in, a card
 * that failed once). Growing workspaces near their limits are mixed in for the expansion list.
 */
export type Outcome = "churn" | "stay";
export type GeneratedWorkspace = { history: WorkspaceHistory; outcome: Outcome };

export type GenerateOptions = { seed: number; count: number; now: Date; churnRate?: number };

/** How often each sign shows, by outcome. */
const SIGN_RATES: Record<Outcome, { decline: number; silent: number; failures: number; seatsCut: number; downgrade: number; growth: number }> = {
  churn: { decline: 0.6, silent: 0.55, failures: 0.35, seatsCut: 0.4, downgrade: 0.25, growth: 0.03 },
  stay: { decline: 0.12, silent: 0.1, failures: 0.08, seatsCut: 0.08, downgrade: 0.05, growth: 0.3 },
};

const HISTORY_DAYS = 90;

export function generateHistories({ seed, count, now, churnRate = 0.15 }: GenerateOptions): GeneratedWorkspace[] {
  const random = seededRandom(seed);
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  const chance = (p: number) => random() < p;
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const daysAgo = (days: number) => new Date(today - days * DAY_MS);

  return Array.from({ length: count }, (_, index): GeneratedWorkspace => {
    const outcome: Outcome = chance(churnRate) ? "churn" : "stay";
    const rates = SIGN_RATES[outcome];
    const level = Math.exp(normal(random, 6, 1));
    const weekendShare = between(0.2, 1);

    // Usage: a fall of 30–90 % over the last 20–45 days, as deep for a staying workspace (a seasonal dip) as for a leaving one.
    const decline = chance(rates.decline) ? between(0.3, 0.9) : 0;
    const declineDays = Math.round(between(20, 45));
    const growth = decline === 0 && chance(rates.growth) ? between(0.1, 1) : 0;
    const dailyUsage: Point[] = [];
    for (let day = HISTORY_DAYS; day >= 1; day--) {
      const at = daysAgo(day);
      const trend = decline > 0 ? 1 - decline * Math.min(1, Math.max(0, (declineDays - day) / declineDays)) : 1 + growth * ((HISTORY_DAYS - day) / HISTORY_DAYS);
      const rhythm = dayOfWeek(at.getTime()) < 5 ? 1 : weekendShare;
      dailyUsage.push({ at, value: Math.round(level * rhythm * trend * between(0.85, 1.15)) });
    }

    const silent = chance(rates.silent);
    const lastSignInAt = daysAgo(silent ? between(14, 60) : between(0, 6));

    const paymentFailures = chance(rates.failures) ? Array.from({ length: outcome === "churn" ? 1 + Math.floor(random() * 3) : 1 }, () => daysAgo(between(1, 85))) : [];

    const seatsBefore = 2 + Math.floor(random() * 20);
    const cut = chance(rates.seatsCut) ? Math.max(1, Math.round(seatsBefore * between(0.2, 0.6))) : 0;
    const added = growth > 0 && chance(0.5) ? Math.max(1, Math.round(seatsBefore * between(0.1, 0.5))) : 0;
    const seats: Point[] = [{ at: daysAgo(HISTORY_DAYS), value: seatsBefore }];
    if (cut || added) seats.push({ at: daysAgo(between(1, 60)), value: seatsBefore - cut + added });

    const planChanges: PlanChange[] = [];
    if (chance(rates.downgrade)) {
      const from: PlanId = chance(0.5) ? "enterprise" : "pro";
      planChanges.push({ at: daysAgo(between(1, 80)), fromPlanId: from, toPlanId: from === "enterprise" ? "pro" : "starter" });
    }

    const quotaPressure = Math.min(1.5, between(0.05, 0.6) * (1 + growth));
    const history: WorkspaceHistory = {
      tenantId: `ws-${String(index).padStart(5, "0")}`,
      createdAt: daysAgo(HISTORY_DAYS + Math.floor(random() * 600)),
      dailyUsage,
      lastSignInAt,
      paymentFailures,
      seats,
      planChanges,
      quotaPressure,
    };
    return { history, outcome };
  });
}
