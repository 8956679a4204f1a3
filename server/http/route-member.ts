import "server-only";
import { decideWorkspaceAccess, type AccessRequest } from "../../lib/workspace-policy";
import { getSessionUser } from "../auth/current-user";
import type { TenantRoute } from "../db/cross-tenant";
import type { MembershipRole } from "../db/schema";
import { isDatabaseUnavailable, UNAVAILABLE_RETRY_SECONDS, unavailableError } from "../errors";
import { createContext, memberRoleOf, secondFactorMissingOf, secondFactorRequiredMessage, type Context } from "../trpc/context";
import { isSameOriginRequest } from "./csrf";
import { READ_ONLY_SUPPORT_MESSAGE, supportMayWrite } from "../support/support-access";
import { textResponse } from "./text-response";

export { textResponse };

export type RouteMember = { ctx: Context & { tenant: TenantRoute; user: NonNullable<Context["user"]> }; role: MembershipRole };

/**
 * For route handlers under app/t/[tenant]: the signed-in member of the host's tenant allowed to do
 * `access` (the workspace policy decides, as for procedures and pages), or the Response to send:
 * 404 for anyone who is not a member, 403 with the reason for a member who may not, 403 for a
 * cross-site state change, 503 while the database cannot be reached.
 */
export async function routeMember(req: Request, slug: string, access: AccessRequest & { forbidden?: string }): Promise<RouteMember | Response> {
  if (req.method !== "GET" && req.method !== "HEAD" && !isSameOriginRequest(req.headers)) {
    return textResponse(403, "Cross-site request refused.");
  }
  try {
    const ctx = await createContext({ headers: req.headers, getUser: getSessionUser });
    // Read-only support access reads (exports included) and changes nothing.
    if (req.method !== "GET" && req.method !== "HEAD" && !supportMayWrite(ctx.user?.support)) return textResponse(403, READ_ONLY_SUPPORT_MESSAGE);
    const tenant = ctx.tenant?.slug === slug ? ctx.tenant : null;
    const role = tenant && ctx.user ? await memberRoleOf(ctx) : ctx.user ? null : undefined;
    const decision = decideWorkspaceAccess({ workspace: tenant, role }, access);
    if (!decision.allowed) {
      if (decision.reason === "not_found" || decision.reason === "unauthenticated") return textResponse(404, "Not found.");
      return textResponse(403, decision.reason === "forbidden" ? (access.forbidden ?? decision.message) : decision.message);
    }
    if (await secondFactorMissingOf(ctx)) return textResponse(403, secondFactorRequiredMessage(tenant!.name));
    return { ctx: { ...ctx, tenant: tenant!, user: ctx.user! }, role: role! };
  } catch (error) {
    return unavailableResponse(error) ?? Promise.reject(error);
  }
}

/** The 503 (with Retry-After) for a database outage; null for any other error. */
export function unavailableResponse(error: unknown): Response | null {
  if (!isDatabaseUnavailable(error)) return null;
  return new Response(unavailableError().message, {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(UNAVAILABLE_RETRY_SECONDS), "Cache-Control": "no-store" },
  });
}
