import { CredentialsSignin } from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { signIn } from "@/server/auth/config";
import { requestHost } from "@/server/http/request-meta";
import { safeRedirectPath, sameOriginUrl } from "@/lib/safe-redirect";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/locales";
import { localeCookieOptions } from "@/server/i18n/locale-cookie";

// Redeems a one-time hand-off token minted on another host and signs the user in here.
export async function GET(req: NextRequest) {
  const token = req.nextUrl.searchParams.get("token") ?? "";
  const next = req.nextUrl.searchParams.get("next") ?? "/dashboard";
  const safeNext = safeRedirectPath(next, "/dashboard");
  const origin = `${req.nextUrl.protocol}//${requestHost(req.headers)}`;
  try {
    await signIn("handoff", { token, redirect: false });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      return NextResponse.redirect(new URL(`/sign-in?error=handoff&next=${encodeURIComponent(safeNext)}`, origin), 303);
    }
    throw error;
  }
  const response = NextResponse.redirect(sameOriginUrl(safeNext, origin, "/dashboard"), 303);
  response.headers.set("Cache-Control", "no-store");
  response.headers.set("Referrer-Policy", "no-referrer");
  // The person's language, carried from the host that minted the token (cookies are per host).
  const lang = req.nextUrl.searchParams.get("lang");
  if (isLocale(lang)) {
    response.cookies.set(LOCALE_COOKIE, lang, localeCookieOptions());
  }
  return response;
}
