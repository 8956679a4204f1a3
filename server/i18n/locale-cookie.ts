import { cookies } from "next/headers";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, type Locale } from "@/lib/i18n/locales";
import { env } from "@/server/env";

/** How the language cookie is set everywhere (this host only; a hand-off carries it to the next). */
export function localeCookieOptions() {
  return { path: "/", maxAge: LOCALE_COOKIE_MAX_AGE, sameSite: "lax", httpOnly: true, secure: env.PUBLIC_PROTOCOL === "https" } as const;
}

/** Keeps `locale` as this browser's language on this host (server actions and route handlers). */
export async function setLocaleCookie(locale: Locale): Promise<void> {
  (await cookies()).set(LOCALE_COOKIE, locale, localeCookieOptions());
}
