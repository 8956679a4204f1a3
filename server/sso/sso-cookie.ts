import "server-only";
import { env } from "../env";
import { SSO_STATE_TTL_SECONDS } from "./sso-sign-in";

/** The browser half of an SSO state: only this browser can finish a sign-in it started. */
export function ssoCookieName(): string {
  return env.PUBLIC_PROTOCOL === "https" ? "__Host-atrium-sso" : "atrium-sso";
}

export function ssoCookieOptions() {
  // Lax: the provider's redirect back is a top-level GET navigation, which carries Lax cookies.
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure: env.PUBLIC_PROTOCOL === "https", maxAge: SSO_STATE_TTL_SECONDS };
}
