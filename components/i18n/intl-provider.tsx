import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getLocale } from "next-intl/server";
import type { Locale } from "@/lib/i18n/locales";
import { areaMessages, type Area } from "@/lib/i18n/messages";

/**
 * Hands client components the messages of some areas only (the marketing pages do not carry the
 * dashboard's words). Server components read every message through getTranslations(). `locale`
 * is given where the request's configuration must not be read yet (server/i18n/request.ts).
 */
export async function IntlProvider({ areas, locale, children }: { areas: readonly Area[]; locale?: Locale; children: ReactNode }) {
  const chosen = locale ?? (await getLocale());
  return (
    <NextIntlClientProvider locale={chosen} messages={areaMessages(chosen, areas)} timeZone="UTC">
      {children}
    </NextIntlClientProvider>
  );
}
