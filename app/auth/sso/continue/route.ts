import { NextResponse, type NextRequest } from "next/server";
import { getSessionUser } from "@/server/auth/current-user";
import { env } from "@/server/env";
import { parseHost } from "@/server/hosts/parse-host";
import { requestHost } from "@/server/http/request-meta";
import { textResponse } from "@/server/http/text-response";
import { ssoWorkspaceHandoffUrl } from "@/server/sso/sso-handoff-url";

// Apex only, after every factor: on to the workspace, signed in there as through its SSO.
export async function GET(req: NextRequest) {
  if (parseHost(requestHost(req.headers), env.ROOT_DOMAIN).kind !== "apex") return textResponse(404, "Not found.");
  const origin = `${req.nextUrl.protocol}//${requestHost(req.headers)}`;
  const user = await getSessionUser();
  const url = user ? await ssoWorkspaceHandoffUrl(req.nextUrl.searchParams.get("token") ?? "", user.id) : null;
  const response = NextResponse.redirect(url ?? new URL("/sign-in?sso_error=wrong_account", origin), 303);
  response.headers.set("Cache-Control", "no-store");
  response.headers.set("Referrer-Policy", "no-referrer");
  return response;
}
