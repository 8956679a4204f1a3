import { reissueInvitation } from "../members/invitations";
import { AppError } from "../errors";
import { actOnWorkspace, type WorkspaceActionOptions } from "./operator-action";

export type ResendInvitationOptions = WorkspaceActionOptions & { invitationId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Platform support sends a pending invitation again (a new link, seven more days), e.g. when the first went to spam. */
export async function resendInvitationAsOperator(options: ResendInvitationOptions): Promise<{ email: string; expiresAt: Date }> {
  return actOnWorkspace(options, "operator.invitation_resent", async (tx, tenant) => {
    if (typeof options.invitationId !== "string" || !UUID.test(options.invitationId)) throw new AppError("NOT_FOUND", "This invitation is no longer pending.");
    const invitation = await reissueInvitation(tx, { tenantId: tenant.id, invitationId: options.invitationId, inviterName: `${tenant.name} (sent again by platform support)`, inviterLocale: null, mayManageOwners: true });
    return { metadata: { invitationId: invitation.id, email: invitation.email }, result: { email: invitation.email, expiresAt: invitation.expiresAt } };
  });
}
