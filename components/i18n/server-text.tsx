"use client";

import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { OUTDATED_PAGE, UNREACHABLE } from "@/components/trpc/unreachable";
import type { Locale } from "@/lib/i18n/locales";
import { loadServerTextCatalogue, translateServerText, type ServerTextCatalogue } from "@/lib/i18n/server-text";

// Catalogues this browser has loaded (never filled on the server, where effects do not run, so
// the first render matches the server's English and the translation follows once loaded).
const loaded = new Map<Locale, ServerTextCatalogue | undefined>();

/** Translates the server's English sentences (lib/i18n/server-text.ts) into the page's language. */
export function useServerText(): (text: string) => string {
  const locale = useLocale();
  const t = useTranslations("Common");
  const [, setLoads] = useState(0);
  useEffect(() => {
    if (loaded.has(locale)) return;
    let current = true;
    loadServerTextCatalogue(locale).then(
      (found) => {
        loaded.set(locale, found);
        if (current) setLoads((n) => n + 1);
      },
      // Not downloaded (offline, or a release replaced it): English now, another try next time.
      () => {},
    );
    return () => {
      current = false;
    };
  }, [locale]);
  const catalogue = loaded.get(locale);
  // The browser's own sentences for a call that got no answer come with the page's messages:
  // when they are shown, the catalogue may be just as impossible to download.
  const own: Record<string, string> = { [UNREACHABLE.message]: t("unreachable"), [OUTDATED_PAGE.message]: t("outdatedPage") };
  return (text) => own[text] ?? translateServerText(text, catalogue);
}

/** A sentence from the server (an error, a notice), in the page's language where it is known. */
export function ServerText({ text }: { text: string }) {
  return <>{useServerText()(text)}</>;
}
