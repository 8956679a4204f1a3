import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getLocale } from "next-intl/server";
import { areaMessages, type Area } from "@/lib/i18n/messages";

/**
 * Hands client components the messages of some areas only (the marketing pages do not carry the
 * dashboard's words). Server components read every message through getTranslations().
 */
export async function IntlProvider({ areas, children }: { areas: readonly Area[]; children: ReactNode }) {
  const locale = await getLocale();
  return (
    <NextIntlClientProvider locale={locale} messages={areaMessages(locale, areas)} timeZone="UTC">
      {children}
    </NextIntlClientProvider>
  );
}
