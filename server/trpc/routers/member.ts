import { listMembers } from "../../members/list-members";
import { permissionProcedure, router } from "../init";

export const memberRouter = router({
  list: permissionProcedure("members:read").query(({ ctx }) => listMembers({ tenantId: ctx.tenant.id })),
});
