import { listWorkspaceExports, requestWorkspaceExport } from "../../exports/workspace-export";
import { router, workspaceProcedure } from "../init";

// Owners only ("tenant:delete" is the owner-only permission): the export holds every member's email.
export const dataExportRouter = router({
  list: workspaceProcedure({ capability: "export", permission: "tenant:delete" }).query(({ ctx }) => listWorkspaceExports({ tenantId: ctx.tenant.id })),

  request: workspaceProcedure({ capability: "export", permission: "tenant:delete" }).mutation(({ ctx }) =>
    requestWorkspaceExport({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta }),
  ),
});
