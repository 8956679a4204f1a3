import "server-only";
import { getSessionUser } from "../auth/current-user";
import type { TenantRoute } from "../db/cross-tenant";
import type { MembershipRole } from "../db/schema";
import { getMembership } from "../members/get-membership";
import { createContext, type Context } from "../trpc/context";
import { isSameOriginRequest } from "./csrf";
import { textResponse } from "./text-response";

export { textResponse };

export type RouteMember = { ctx: Context & { tenant: TenantRoute; user: NonNullable<Context["user"]> }; role: MembershipRole };

/**
 * For route handlers under app/t/[tenant]: the signed-in member of the host's tenant, or the
 * Response to send (404 for anyone who is not a member; 403 for a cross-site state change).
 */
export async function routeMember(req: Request, slug: string): Promise<RouteMember | Response> {
  if (req.method !== "GET" && req.method !== "HEAD" && !isSameOriginRequest(req.headers)) {
    return textResponse(403, "Cross-site request refused.");
  }
  const ctx = await createContext({ headers: req.headers, getUser: getSessionUser });
  if (!ctx.tenant || ctx.tenant.slug !== slug || !ctx.user) return textResponse(404, "Not found.");
  const role = await getMembership({ tenantId: ctx.tenant.id, userId: ctx.user.id });
  if (!role) return textResponse(404, "Not found.");
  return { ctx: { ...ctx, tenant: ctx.tenant, user: ctx.user }, role };
}
