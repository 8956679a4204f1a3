import { NextResponse, type NextRequest } from "next/server";
import { customDomainHandoffUrl } from "@/server/auth/custom-domain-handoff";
import { getSessionUser } from "@/server/auth/current-user";
import { handoffUrl } from "@/server/auth/handoff-url";
import { getUserById } from "@/server/users/get-user";
import { env } from "@/server/env";
import { parseHost } from "@/server/hosts/parse-host";
import { requestHost } from "@/server/http/request-meta";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { textResponse } from "@/server/http/text-response";

// Apex only: continue to a workspace's custom domain (or the operator console), signed in (sign in
// here first if needed).
export async function GET(req: NextRequest) {
  if (parseHost(requestHost(req.headers), env.ROOT_DOMAIN).kind !== "apex") return textResponse(404, "Not found.");
  const host = req.nextUrl.searchParams.get("host") ?? "";
  const next = safeRedirectPath(req.nextUrl.searchParams.get("next"), "/dashboard");
  const origin = `${req.nextUrl.protocol}//${requestHost(req.headers)}`;
  const user = await getSessionUser();
  if (!user) {
    const back = `/auth/continue?${new URLSearchParams({ host, next })}`;
    return NextResponse.redirect(new URL(`/sign-in?next=${encodeURIComponent(back)}`, origin), 303);
  }
  // The operator console: operators are handed off to it; anyone else gets the console's own answer.
  if (parseHost(host, env.ROOT_DOMAIN).kind === "admin") {
    if (!(await getUserById(user.id))?.operatorRole) return textResponse(404, "Not found.");
    const response = NextResponse.redirect(await handoffUrl(user.id, { kind: "admin" }, next), 303);
    response.headers.set("Cache-Control", "no-store");
    response.headers.set("Referrer-Policy", "no-referrer");
    return response;
  }
  const url = await customDomainHandoffUrl(user.id, host, next);
  // Unknown domain or not a member: the same answer, the user's own workspace list.
  const response = NextResponse.redirect(url ?? new URL("/workspaces", origin), 303);
  response.headers.set("Cache-Control", "no-store");
  response.headers.set("Referrer-Policy", "no-referrer");
  return response;
}
