"use server";

import { cookies } from "next/headers";
import { isLocale, LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, type Locale } from "@/lib/i18n/locales";
import { env } from "@/server/env";
import { getSessionUser } from "@/server/auth/current-user";
import { setLocale } from "@/server/users/set-locale";

/**
 * The language switch (footer, account page, account menu): kept in this host's cookie, and for
 * a signed-in person also on their account, so the next host they enter (a hand-off) follows.
 * Anything but a known locale is refused with a message, never stored.
 */
export async function chooseLocaleAction(locale: unknown): Promise<{ ok: true; locale: Locale } | { ok: false; error: string }> {
  if (!isLocale(locale)) return { ok: false, error: "Unknown language." };
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: "/",
    maxAge: LOCALE_COOKIE_MAX_AGE,
    sameSite: "lax",
    httpOnly: true,
    secure: env.PUBLIC_PROTOCOL === "https",
  });
  const user = await getSessionUser();
  if (user) await setLocale({ userId: user.id, locale });
  return { ok: true, locale };
}
