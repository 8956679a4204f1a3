import { cookies } from "next/headers";
import { isLocale, LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, type Locale } from "@/lib/i18n/locales";
import { env } from "@/server/env";
import { setLocale } from "@/server/users/set-locale";

/** How the language cookie is set everywhere (this host only; a hand-off carries it to the next). */
export function localeCookieOptions() {
  return { path: "/", maxAge: LOCALE_COOKIE_MAX_AGE, sameSite: "lax", httpOnly: true, secure: env.PUBLIC_PROTOCOL === "https" } as const;
}

/** Keeps `locale` as this browser's language on this host (server actions and route handlers). */
export async function setLocaleCookie(locale: Locale): Promise<void> {
  (await cookies()).set(LOCALE_COOKIE, locale, localeCookieOptions());
}

/**
 * At sign-in: the account's language becomes this browser's on this host; an account that never
 * chose one keeps what this browser chose before signing in (password and OAuth sign-in alike, so
 * an account made with Google from a German page gets German emails too).
 */
export async function adoptLocaleAtSignIn(user: { id: string; locale: string | null }): Promise<void> {
  if (isLocale(user.locale)) {
    await setLocaleCookie(user.locale);
    return;
  }
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) await setLocale({ userId: user.id, locale: chosen });
}
