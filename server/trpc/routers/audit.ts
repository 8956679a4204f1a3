import { z } from "zod";
import { ZAuditFilters } from "../../audit/audit-filters";
import { ZAuditCursor } from "../../audit/audit-keyset";
import { AUDIT_COUNT_CAP, listAuditEvents } from "../../audit/list-audit-events";
import { router, workspaceProcedure } from "../init";

export const auditRouter = router({
  list: workspaceProcedure({ permission: "audit:read" })
    .input(
      z
        .object({
          pageSize: z.coerce.number().int().min(1).max(100).default(25),
          /** Cursors from a previous page's `older` / `newer`. */
          before: ZAuditCursor.optional(),
          after: ZAuditCursor.optional(),
          filters: ZAuditFilters.optional(),
          /** With a cursor and search text: the `total` the search's newest page gave (see listAuditEvents). */
          searchTotal: z.coerce.number().int().min(0).max(AUDIT_COUNT_CAP + 1).optional(),
        })
        .refine((input) => !(input.before && input.after), { message: "Give either before or after, not both.", path: ["after"] }),
    )
    .query(({ ctx, input }) => listAuditEvents({ tenantId: ctx.tenant.id, ...input })),
});
