import { z } from "zod";
import { ZAuditFilters } from "../../audit/audit-filters";
import { listAuditEvents } from "../../audit/list-audit-events";
import { router, workspaceProcedure } from "../init";

export const auditRouter = router({
  list: workspaceProcedure({ permission: "audit:read" })
    .input(
      z.object({
        page: z.coerce.number().int().min(1).max(100_000).default(1),
        pageSize: z.coerce.number().int().min(1).max(100).default(25),
        filters: ZAuditFilters.optional(),
      }),
    )
    .query(({ ctx, input }) => listAuditEvents({ tenantId: ctx.tenant.id, ...input })),
});
