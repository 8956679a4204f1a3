import { z } from "zod";
import { membershipRole } from "../../db/schema";
import { inviteMember, listPendingInvitations, resendInvitation, revokeInvitation } from "../../members/invitations";
import { listMembers } from "../../members/list-members";
import { changeMemberRole, leaveWorkspace, removeMember, transferOwnership } from "../../members/manage-members";
import { ZEmail } from "../../users/schemas";
import { router, workspaceProcedure } from "../init";

const ZRole = z.enum(membershipRole.enumValues, { error: "Choose a role." });
const ZUser = z.object({ userId: z.string().uuid("Unknown member.") });
const ZInvitation = z.object({ invitationId: z.string().uuid("Unknown invitation.") });

export const memberRouter = router({
  list: workspaceProcedure({ permission: "members:read" }).query(({ ctx }) => listMembers({ tenantId: ctx.tenant.id })),

  invitations: workspaceProcedure({ permission: "members:manage" }).query(({ ctx }) => listPendingInvitations({ tenantId: ctx.tenant.id })),

  invite: workspaceProcedure({ permission: "members:manage" })
    .input(z.object({ email: ZEmail, role: ZRole }))
    .mutation(({ ctx, input }) => inviteMember({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, actorRole: ctx.role, meta: ctx.meta, ...input })),

  resendInvitation: workspaceProcedure({ permission: "members:manage" })
    .input(ZInvitation)
    .mutation(async ({ ctx, input }) => {
      await resendInvitation({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, actorRole: ctx.role, meta: ctx.meta, ...input });
      return { ok: true };
    }),

  revokeInvitation: workspaceProcedure({ permission: "members:manage" })
    .input(ZInvitation)
    .mutation(async ({ ctx, input }) => {
      await revokeInvitation({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, actorRole: ctx.role, meta: ctx.meta, ...input });
      return { ok: true };
    }),

  changeRole: workspaceProcedure({ permission: "members:manage" })
    .input(ZUser.extend({ role: ZRole }))
    .mutation(async ({ ctx, input }) => {
      await changeMemberRole({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, ...input });
      return { ok: true };
    }),

  remove: workspaceProcedure({ permission: "members:manage" })
    .input(ZUser)
    .mutation(async ({ ctx, input }) => {
      await removeMember({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, ...input });
      return { ok: true };
    }),

  transferOwnership: workspaceProcedure({ permission: "members:manage" })
    .input(ZUser)
    .mutation(async ({ ctx, input }) => {
      await transferOwnership({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, ...input });
      return { ok: true };
    }),

  /** Any member may leave (not the last owner), also from a suspended workspace. */
  leave: workspaceProcedure({ capability: "leave" }).mutation(async ({ ctx }) => {
    await leaveWorkspace({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta });
    return { ok: true };
  }),
});
