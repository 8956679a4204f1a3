import { sql } from "drizzle-orm";
import { z } from "zod";
import { isStorableDate, zIsoDateTime } from "../../lib/dates";
import { USAGE_METRICS, type UsageMetric } from "../../lib/plans";
import { withTenant } from "../db/with-tenant";

const METRICS = Object.keys(USAGE_METRICS) as [UsageMetric, ...UsageMetric[]];
const MAX_POINTS = { hour: 24 * 31, day: 400 } as const;

export const ZUsageSeriesQuery = z
  .object({
    metric: z.enum(METRICS, { error: `metric must be one of: ${METRICS.join(", ")}.` }),
    granularity: z.enum(["hour", "day"], { error: "granularity must be hour or day." }).default("day"),
    from: zIsoDateTime("from").optional(),
    to: zIsoDateTime("to").optional(),
  })
  .transform((q, ctx) => {
    const to = q.to ? new Date(q.to) : new Date();
    const span = q.granularity === "hour" ? 24 * 3_600_000 : 30 * 86_400_000;
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - span);
    const step = q.granularity === "hour" ? 3_600_000 : 86_400_000;
    // The default start (a span before `to`) can fall before year 1 when `to` is near it.
    if (!isStorableDate(from)) ctx.addIssue({ code: "custom", path: ["from"], message: "from must be a date-time between the years 1 and 9999." });
    else if (from >= to) ctx.addIssue({ code: "custom", path: ["from"], message: "from must be before to." });
    else if ((to.getTime() - from.getTime()) / step > MAX_POINTS[q.granularity]) {
      ctx.addIssue({ code: "custom", path: ["from"], message: `At most ${MAX_POINTS[q.granularity]} ${q.granularity}s per request.` });
    }
    return { metric: q.metric, granularity: q.granularity, from, to };
  });

export type UsageSeriesQuery = z.output<typeof ZUsageSeriesQuery>;

/** The rolled-up series, zero-filled, bucket starts in UTC. Reads roll-ups only. */
export async function usageSeries({ tenantId, metric, granularity, from, to }: UsageSeriesQuery & { tenantId: string }) {
  const rows = await withTenant(tenantId, (tx) =>
    tx.execute<{ bucket: string; quantity: string }>(sql`
      select b as bucket, coalesce(r.quantity, 0)::bigint as quantity
      from generate_series(date_trunc(${granularity}, ${from.toISOString()}::timestamptz, 'UTC'),
                           ${to.toISOString()}::timestamptz, ${granularity === "hour" ? sql`interval '1 hour'` : sql`interval '1 day'`}) as b
      left join usage_rollups r on r.tenant_id = ${tenantId}::uuid and r.granularity = ${granularity} and r.metric = ${metric} and r.bucket_start = b
      order by b`),
  );
  const points = rows.map((r) => ({ start: new Date(r.bucket).toISOString(), quantity: Number(r.quantity) }));
  // Counters: the sum over the range; gauges (e.g. storage): the peak.
  const total = USAGE_METRICS[metric].kind === "gauge" ? Math.max(0, ...points.map((p) => p.quantity)) : points.reduce((s, p) => s + p.quantity, 0);
  return { metric, granularity, from: from.toISOString(), to: to.toISOString(), total, points };
}
