"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { isAppError } from "../errors";
import { requestMetaFromHeaders } from "../http/request-meta";
import { acceptInvitation } from "./invitations";
import { getSessionUser } from "../auth/current-user";
import { handoffUrl } from "../auth/handoff-url";

export type AcceptState = { error?: string };

/** Accepts an invitation for the signed-in user, then signs them in on the workspace's host. */
export async function acceptInvitationAction(_prev: AcceptState, formData: FormData): Promise<AcceptState> {
  const token = String(formData.get("token") ?? "");
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(`/invite/${token}`)}`);
  let slug: string;
  try {
    ({ tenantSlug: slug } = await acceptInvitation({ token, userId: user.id, userEmail: user.email, meta: requestMetaFromHeaders(await headers()) }));
  } catch (error) {
    if (isAppError(error)) return { error: error.message };
    throw error;
  }
  redirect(await handoffUrl(user.id, { kind: "tenant", slug }, "/dashboard"));
}
