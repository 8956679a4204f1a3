import { z } from "zod";
import { USAGE_METRICS, type UsageMetric } from "../../../lib/plans";
import { usageSeries } from "../../usage/usage-series";
import { getUsageSnapshot } from "../../usage/usage-snapshot";
import { router, workspaceProcedure } from "../init";

export const usageRouter = router({
  summary: workspaceProcedure().query(({ ctx }) => getUsageSnapshot(ctx.tenant.id)),
  series: workspaceProcedure()
    .input(z.object({ metric: z.enum(Object.keys(USAGE_METRICS) as [UsageMetric, ...UsageMetric[]]), granularity: z.enum(["hour", "day"]) }))
    .query(({ ctx, input }) => {
      const to = new Date();
      const from = new Date(to.getTime() - (input.granularity === "hour" ? 48 * 3_600_000 : 30 * 86_400_000));
      return usageSeries({ tenantId: ctx.tenant.id, metric: input.metric, granularity: input.granularity, from, to });
    }),
});
