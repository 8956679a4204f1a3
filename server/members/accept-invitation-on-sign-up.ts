import { statusAllows } from "../../lib/workspace-policy";
import type { RequestMeta } from "../audit/record-audit-event";
import { listUserWorkspaces } from "../db/cross-tenant";
import { isAppError } from "../errors";
import { acceptInvitation } from "./invitations";

/** The invitation page's path (`next` when a sign-up started from an invitation link). */
const INVITATION_PATH = /^\/invite\/([A-Za-z0-9_-]{43})$/;

/** The invitation token in a `next` path, when that path is an invitation page. */
export function invitationTokenIn(next: string): string | undefined {
  return INVITATION_PATH.exec(next)?.[1];
}

export type AcceptInvitationOnSignUpOptions = { token: string; userId: string; userEmail: string; meta: RequestMeta };

export type AcceptInvitationOnSignUpResult =
  /** Joined; `viewable` is false when the workspace is suspended or cancelled (its dashboard answers with a notice). */
  | { joined: true; tenantSlug: string; viewable: boolean }
  /** Not joined: the invitation page says why (revoked, expired, used, for another address). */
  | { joined: false; reason: string };

/**
 * Someone who created their account from an invitation link (the sign-up form's POST carries the
 * link's token) joins at once: creating the account with the invited address is the explicit
 * choice the "Join" button asks for otherwise. Everything acceptInvitation checks still holds
 * (pending, unexpired, the address matches, the workspace not deleted); when one fails the person
 * is simply not joined, and their new account stands.
 */
export async function acceptInvitationOnSignUp(options: AcceptInvitationOnSignUpOptions): Promise<AcceptInvitationOnSignUpResult> {
  let tenantSlug: string;
  try {
    ({ tenantSlug } = await acceptInvitation(options));
  } catch (error) {
    if (isAppError(error)) return { joined: false, reason: error.message };
    throw error;
  }
  const workspace = (await listUserWorkspaces(options.userId)).find((w) => w.slug === tenantSlug);
  return { joined: true, tenantSlug, viewable: workspace !== undefined && statusAllows(workspace.status, "view") };
}
