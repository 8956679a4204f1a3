"use client";

import { useLocale } from "next-intl";
import { useEffect, useState } from "react";
import type { Locale } from "@/lib/i18n/locales";
import { loadServerTextCatalogue, translateServerText, type ServerTextCatalogue } from "@/lib/i18n/server-text";

// Catalogues this browser has loaded (never filled on the server, where effects do not run, so
// the first render matches the server's English and the translation follows once loaded).
const loaded = new Map<Locale, ServerTextCatalogue | undefined>();

/** Translates the server's English sentences (lib/i18n/server-text.ts) into the page's language. */
export function useServerText(): (text: string) => string {
  const locale = useLocale();
  const [, setLoads] = useState(0);
  useEffect(() => {
    if (loaded.has(locale)) return;
    let current = true;
    void loadServerTextCatalogue(locale).then((found) => {
      loaded.set(locale, found);
      if (current) setLoads((n) => n + 1);
    });
    return () => {
      current = false;
    };
  }, [locale]);
  const catalogue = loaded.get(locale);
  return (text) => translateServerText(text, catalogue);
}

/** A sentence from the server (an error, a notice), in the page's language where it is known. */
export function ServerText({ text }: { text: string }) {
  return <>{useServerText()(text)}</>;
}
