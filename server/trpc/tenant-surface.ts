import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { decideWorkspaceAccess, type AccessRequest } from "../../lib/workspace-policy";
import { readTogether } from "../db/with-tenant";
import { safeRedirectPath } from "../../lib/safe-redirect";
import { loadWorkspaceFrame } from "../tenants/workspace-frame";
import { handoffUrl } from "../auth/handoff-url";
import { hasSecondFactor } from "../auth/second-factor";
import { ssoSignInRequired } from "../sso/sso-enforcement";
import { ssoStartUrl } from "../sso/sso-start-url";
import { supportRoleIn } from "../support/support-role";
import { toTrpcError } from "./init";
import { getServerContext } from "./server";

/** For pages under app/t/[tenant]: the tenant addressed by the host (or a 404). */
export async function requireHostTenant(slugParam: string) {
  const ctx = await getServerContext();
  if (!ctx.tenant || ctx.tenant.slug !== slugParam) notFound();
  return ctx;
}

/**
 * For the dashboard: signed in (else sign-in) and a member (else 404). Once per request for the
 * layout and the page together: the workspace row with the caller's role, the user's workspaces
 * and the usage snapshot, read in one transaction (loadWorkspaceFrame). The role is handed to the
 * request's tRPC context, so procedures the page calls do not read it again.
 */
export const requireTenantMember = cache(async (slugParam: string) => {
  const ctx = await requireHostTenant(slugParam);
  const user = ctx.user;
  if (!user) {
    // Back to the page that was asked for (proxy.ts passes the visible path along).
    const next = safeRedirectPath((await headers()).get("x-atrium-path"), "/dashboard");
    redirect(`/sign-in?next=${encodeURIComponent(next)}`);
  }
  const tenantId = ctx.tenant!.id;
  const supportRole = supportRoleIn(user, tenantId);
  const frame = await loadWorkspaceFrame(tenantId, user.id, { supportRole }).catch((error: unknown) => {
    // A database outage reads as the same 503 page a procedure would give.
    throw toTrpcError(error) ?? error;
  });
  if (!frame) notFound();
  if (supportRole) {
    // Support access: no SSO or two-factor detour (operators always have a second factor), and the
    // switcher offers only this workspace.
    ctx.memo ??= {};
    ctx.memo.role ??= Promise.resolve(frame.tenant.role);
    ctx.memo.secondFactorMissing ??= Promise.resolve(false);
    return { ctx: { ...ctx, user }, ...frame, workspaces: [] };
  }
  // A member who must sign in through the workspace's SSO (and has not) goes there first.
  if (await ssoSignInRequired({ tenantId, userId: user.id, email: user.email, role: frame.tenant.role, sessionSsoTenantId: user.ssoTenantId ?? null })) {
    redirect(ssoStartUrl(frame.tenant.slug, safeRedirectPath((await headers()).get("x-atrium-path"), "/dashboard")));
  }
  // The workspace's two-factor policy, before any page of it (or a procedure the page calls).
  if (frame.tenant.requireTwoFactor && !(await hasSecondFactor(user.id))) {
    redirect(await handoffUrl(user.id, { kind: "apex" }, "/account#two-factor"));
  }
  ctx.memo ??= {};
  ctx.memo.role ??= Promise.resolve(frame.tenant.role);
  ctx.memo.secondFactorMissing ??= Promise.resolve(false);
  return { ctx: { ...ctx, user }, ...frame };
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

/**
 * A page's own reads (procedures it calls through serverCaller included), in one transaction
 * besides the frame's: two per dashboard request in all.
 */
export function pageReads<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
  return readTogether(tenantId, fn);
}
