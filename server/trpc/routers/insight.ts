import { latestInsights, requestInsightAnalysis } from "../../insights/insight-reports";
import { router, workspaceProcedure } from "../init";

// Insights are for owners and admins (the roles with tenant:update): usage, money and who is idle.
const insightsProcedure = () => workspaceProcedure({ permission: "tenant:update" });

export const insightRouter = router({
  latest: insightsProcedure().query(({ ctx }) => latestInsights({ tenantId: ctx.tenant.id })),
  analyse: insightsProcedure().mutation(({ ctx }) => requestInsightAnalysis({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id })),
});
