import "server-only";
import { TRPCError } from "@trpc/server";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { decideWorkspaceAccess, type AccessRequest } from "../../lib/workspace-policy";
import { safeRedirectPath } from "../../lib/safe-redirect";
import { getServerContext, serverCaller } from "./server";

/** For pages under app/t/[tenant]: the tenant addressed by the host (or a 404). */
export async function requireHostTenant(slugParam: string) {
  const ctx = await getServerContext();
  if (!ctx.tenant || ctx.tenant.slug !== slugParam) notFound();
  return ctx;
}

/** For the dashboard: signed in (else sign-in) and a member (else 404), with the tenant row. */
export const requireTenantMember = cache(async (slugParam: string) => {
  const ctx = await requireHostTenant(slugParam);
  if (!ctx.user) {
    // Back to the page that was asked for (proxy.ts passes the visible path along).
    const next = safeRedirectPath((await headers()).get("x-atrium-path"), "/dashboard");
    redirect(`/sign-in?next=${encodeURIComponent(next)}`);
  }
  try {
    const tenant = await (await serverCaller()).tenant.current();
    return { ctx: { ...ctx, user: ctx.user }, tenant };
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
});

/**
 * A dashboard page's gate: the same decision procedures make (lib/workspace-policy.ts). Strangers
 * get a 404; a member whose role or workspace status does not allow the page gets `denied` (the
 * reason, for the page to show) instead of the page's data.
 */
export async function requireWorkspacePage(slugParam: string, access: AccessRequest) {
  const member = await requireTenantMember(slugParam);
  const decision = decideWorkspaceAccess({ workspace: { status: member.tenant.status }, role: member.tenant.role }, access);
  if (!decision.allowed && decision.reason === "not_found") notFound();
  return { ...member, denied: decision.allowed ? null : { reason: decision.reason, message: decision.message } };
}
