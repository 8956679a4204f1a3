import { z } from "zod";
import { setRequireTwoFactor } from "../../tenants/set-require-two-factor";
import { router, workspaceProcedure } from "../init";

export const securityRouter = router({
  setRequireTwoFactor: workspaceProcedure({ permission: "security:manage" })
    .input(z.object({ required: z.boolean() }))
    .mutation(({ ctx, input }) => setRequireTwoFactor({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, required: input.required, meta: ctx.meta })),
});
