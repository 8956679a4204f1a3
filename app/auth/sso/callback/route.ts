import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/server/env";
import { parseHost } from "@/server/hosts/parse-host";
import { requestHost, requestMetaFromHeaders } from "@/server/http/request-meta";
import { textResponse } from "@/server/http/text-response";
import { logger } from "@/server/logger";
import { afterFirstFactor } from "@/server/auth/sign-in-flow";
import { ssoCookieName } from "@/server/sso/sso-cookie";
import { completeSsoSignIn, issueSsoHandoff, ssoCallbackUrl, SsoSignInError } from "@/server/sso/sso-sign-in";

// Apex only: the identity provider sends the browser back here. Every failure lands on the
// sign-in page with a message; nothing here answers 500.
export async function GET(req: NextRequest) {
  if (parseHost(requestHost(req.headers), env.ROOT_DOMAIN).kind !== "apex") return textResponse(404, "Not found.");
  const origin = `${req.nextUrl.protocol}//${requestHost(req.headers)}`;
  // The callback as the provider called it (req.url may name an internal host): its redirect_uri
  // must match the one sent with the authorization request.
  const callbackUrl = new URL(ssoCallbackUrl());
  callbackUrl.search = req.nextUrl.search;
  let target: string;
  try {
    const done = await completeSsoSignIn({ callbackUrl, browserKey: req.cookies.get(ssoCookieName())?.value ?? null, meta: requestMetaFromHeaders(req.headers) });
    const pass = await issueSsoHandoff(done.userId, done.tenantId, done.next);
    target = await afterFirstFactor(done.userId, `/auth/sso/continue?${new URLSearchParams({ token: pass })}`);
  } catch (error) {
    if (error instanceof SsoSignInError) logger.info("sso sign-in refused", { code: error.code, detail: error.message });
    else logger.error("sso callback failed", { error });
    target = `/sign-in?sso_error=${error instanceof SsoSignInError ? error.code : "not_available"}`;
  }
  const response = NextResponse.redirect(new URL(target, origin), 303);
  response.cookies.delete(ssoCookieName());
  response.headers.set("Cache-Control", "no-store");
  response.headers.set("Referrer-Policy", "no-referrer");
  return response;
}
