"use client";

import { useSelectedLayoutSegments } from "next/navigation";
import { isLocale, type Locale } from "@/lib/i18n/locales";

/**
 * The first stop for a keyboard: past the header and navigation to the page (every <main> is
 * #main). It sits in the root layout, which renders the prerendered marketing pages as English
 * (it has no request to read); their locale is their segment (`(marketing)/[locale]`), which the
 * router knows both when prerendering and in the browser, so /de/… says it in German without a
 * request and without a second link.
 */
export function SkipLink({ requestLocale, labels }: { requestLocale: Locale; labels: Record<Locale, string> }) {
  const [group, segment] = useSelectedLayoutSegments();
  const locale = group === "(marketing)" && isLocale(segment) ? segment : requestLocale;
  return (
    <a
      href="#main"
      lang={locale}
      className="sr-only rounded-md bg-primary px-4 py-2 text-sm font-medium text-primary-foreground focus:not-sr-only focus:fixed focus:px-4 focus:py-2 focus:top-2 focus:left-2 focus:z-50"
    >
      {labels[locale]}
    </a>
  );
}
