import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/server/env";
import { parseHost } from "@/server/hosts/parse-host";
import { clientIp, requestHost } from "@/server/http/request-meta";
import { checkRateLimit } from "@/server/rate-limit/gcra";
import { textResponse } from "@/server/http/text-response";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { SSO_ERROR_MESSAGES } from "@/lib/sso-errors";
import { logger } from "@/server/logger";
import { ssoCookieName, ssoCookieOptions } from "@/server/sso/sso-cookie";
import { SsoSignInError } from "@/server/sso/sso-sign-in";
import { startSsoForWorkspace } from "@/server/sso/start-sso-for-workspace";
import { addressBucket } from "@/server/rate-limit/address-bucket";

// Every start stores a single-use state (server/sso/sso-sign-in.ts). Anyone may open this link, so
// it is limited per address; generously, as a whole office behind one address signs in at nine.
const START_LIMIT = { name: "sso-start-link", limit: 120, periodSeconds: 60 };

// Apex only: starts the named workspace's single sign-on (enforced SSO sends members here).
export async function GET(req: NextRequest) {
  if (parseHost(requestHost(req.headers), env.ROOT_DOMAIN).kind !== "apex") return textResponse(404, "Not found.");
  const origin = `${req.nextUrl.protocol}//${requestHost(req.headers)}`;
  const limit = await checkRateLimit(`sso-start-link:ip:${addressBucket(clientIp(req.headers))}`, START_LIMIT);
  // A page of its own, not the sign-in page: someone already signed in is sent on from there, and
  // with enforced SSO back here, round and round.
  if (!limit.allowed) return textResponse(429, SSO_ERROR_MESSAGES.too_many, { "Retry-After": String(limit.retryAfterSeconds) });
  const slug = req.nextUrl.searchParams.get("workspace") ?? "";
  const next = safeRedirectPath(req.nextUrl.searchParams.get("next"), "/dashboard");
  try {
    const began = await startSsoForWorkspace(slug.slice(0, 64), next);
    const response = NextResponse.redirect(began.authorizationUrl, 303);
    response.cookies.set(ssoCookieName(), began.browserKey, ssoCookieOptions());
    response.headers.set("Cache-Control", "no-store");
    return response;
  } catch (error) {
    if (!(error instanceof SsoSignInError)) logger.error("sso start failed", { error });
    const code = error instanceof SsoSignInError ? error.code : "not_available";
    return NextResponse.redirect(new URL(`/sign-in?sso_error=${code}`, origin), 303);
  }
}
