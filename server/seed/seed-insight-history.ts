import { eq } from "drizzle-orm";
import { usageRollups } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { analyseWorkspaceNow } from "../insights/insight-reports";
import { logger } from "../logger";

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Days of hourly history: the anomaly baseline (eight weeks) and two periods, as loadInsightInputs reads. */
const HISTORY_DAYS = 70;

/** A day's total `daysAgo` days back (0: today so far), before the weekday and hour-of-day shape. */
type Curve = (daysAgo: number) => number;
const flat = (perDay: number): Curve => () => perDay;
/** From `from` a day (HISTORY_DAYS ago) to `to` a day (today), in a straight line. */
const line = (from: number, to: number): Curve => (daysAgo) => to + ((from - to) * daysAgo) / HISTORY_DAYS;

// Usage shaped after the demo customers' billing stories (seed-revenue-history.ts), so Insights and
// the console's churn and expansion lists show findings that are true of the data:
const SHAPES: Record<string, { units: Curve; apiCalls: Curve }> = {
  // Pro but small: Starter would do.
  initech: { units: flat(150), apiCalls: flat(1_800) },
  // Pro and growing towards its 100,000 units: overage ahead, an expansion candidate.
  hooli: { units: line(1_200, 3_600), apiCalls: line(12_000, 30_000) },
  // Downgraded to Starter and fading away: a churn risk.
  tyrell: { units: line(320, 40), apiCalls: line(3_000, 300) },
  // Past due, usage falling: a churn risk.
  "pied-piper": { units: line(260, 90), apiCalls: line(2_400, 900) },
  // Enterprise, steady and busy.
  oceanic: { units: line(9_000, 14_000), apiCalls: line(90_000, 140_000) },
  vandelay: { units: flat(1_500), apiCalls: flat(20_000) },
};

/** More on weekdays than at weekends, most in European working hours. */
function hourShare(at: Date): number {
  const weekday = at.getUTCDay() % 6 === 0 ? 0.4 : 1.2;
  const hour = at.getUTCHours();
  return (weekday * (hour >= 7 && hour < 19 ? 1.6 : 0.4)) / 24;
}

/**
 * Demo data for Insights: ten weeks of hourly usage for some demo customers, then one analysis of
 * every demo customer (as the nightly job would), so the Insights page and the console's lists
 * have something to show on a fresh start. Acme and Globex stay without usage (the tests of the
 * empty states use them).
 */
export async function seedInsightHistory(customers: readonly { slug: string; tenantId: string }[], now = new Date()): Promise<void> {
  const thisHour = Math.floor(now.getTime() / HOUR) * HOUR;
  for (const { tenantId, slug } of customers) {
    const shape = SHAPES[slug];
    if (!shape) continue;
    // Hourly and daily roll-ups, as ingestion writes them (ingest-usage.ts): each day the sum of its hours.
    const rows: (typeof usageRollups.$inferInsert)[] = [];
    const days = new Map<string, typeof usageRollups.$inferInsert>();
    for (let at = thisHour - HISTORY_DAYS * DAY; at < thisHour; at += HOUR) {
      const bucketStart = new Date(at);
      const daysAgo = (thisHour - at) / DAY;
      const share = hourShare(bucketStart);
      for (const [metric, curve] of [["units", shape.units], ["api_calls", shape.apiCalls]] as const) {
        const quantity = Math.round(curve(daysAgo) * share);
        rows.push({ tenantId, metric, granularity: "hour", bucketStart, quantity });
        const dayStart = new Date(Math.floor(at / DAY) * DAY);
        const key = `${metric}@${dayStart.getTime()}`;
        const day = days.get(key) ?? { tenantId, metric, granularity: "day" as const, bucketStart: dayStart, quantity: 0 };
        day.quantity += quantity;
        days.set(key, day);
      }
    }
    rows.push(...days.values());
    await withTenant(tenantId, async (tx) => {
      await tx.delete(usageRollups).where(eq(usageRollups.tenantId, tenantId));
      for (let i = 0; i < rows.length; i += 1_000) await tx.insert(usageRollups).values(rows.slice(i, i + 1_000));
    });
  }
  for (const { tenantId } of customers) {
    // Demo data only: a workspace whose analysis fails keeps its usage and gets analysed nightly.
    try {
      await analyseWorkspaceNow({ tenantId, now });
    } catch (error) {
      logger.warn("demo data: a workspace could not be analysed", { tenantId, error });
    }
  }
}
