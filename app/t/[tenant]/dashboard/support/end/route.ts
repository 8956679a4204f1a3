import { getSessionUser } from "@/server/auth/current-user";
import { sessionCookieName } from "@/server/auth/session-token";
import { env } from "@/server/env";
import { originFor } from "@/server/hosts/parse-host";
import { isSameOriginRequest } from "@/server/http/csrf";
import { textResponse } from "@/server/http/text-response";
import { endSupportAccess } from "@/server/support/support-access";
import { createContext } from "@/server/trpc/context";

type Params = { params: Promise<{ tenant: string }> };

/**
 * "End support access" from the banner: ends the grant and this session on the workspace's host
 * (the cookie is cleared too), then returns the operator to the console. A request from anyone
 * else is not found.
 */
export async function POST(req: Request, { params }: Params) {
  if (!isSameOriginRequest(req.headers)) return textResponse(403, "Cross-site request refused.");
  const ctx = await createContext({ headers: req.headers, getUser: getSessionUser });
  const support = ctx.user?.support;
  const adminOrigin = originFor({ kind: "admin" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL);
  if (!ctx.user || !support || !ctx.tenant || ctx.tenant.slug !== (await params).tenant || support.tenantId !== ctx.tenant.id) {
    // Nothing to end (a second click, an expired grant): back to the console, which gates itself.
    return new Response(null, { status: 303, headers: { Location: `${adminOrigin}/`, "Cache-Control": "no-store" } });
  }
  await endSupportAccess({ tenantId: support.tenantId, grantId: support.grantId, endedBy: "operator", actorUserId: ctx.user.id, meta: ctx.meta });
  const consoleUrl = `${adminOrigin}/workspaces/${support.tenantId}/support?ended=1`;
  const response = new Response(null, { status: 303, headers: { Location: consoleUrl, "Cache-Control": "no-store" } });
  const secure = env.PUBLIC_PROTOCOL === "https" ? "; Secure" : "";
  response.headers.append("Set-Cookie", `${sessionCookieName()}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`);
  return response;
}
