"use client";

import { useLayoutEffect, useSyncExternalStore } from "react";
import { browserLocale, rootErrorWords } from "@/components/errors/root-error-words";
import { ErrorScreen } from "@/components/errors/error-screen";
import type { Locale } from "@/lib/i18n/locales";
import { applyStoredTheme } from "@/lib/theme";
import "./globals.css";

const noChanges = () => () => {};
const serverLocale = (): Locale => "en";

// Errors in the root layout itself replace the whole document, so this one brings its own
// <html>; the screen (and its "temporarily unavailable" check) is the same as app/error.tsx's.
export default function GlobalError({ reset, error }: { reset: () => void; error: Error & { digest?: string } }) {
  // Rendered by React in the browser, where an inline script would not run: the theme is applied here.
  useLayoutEffect(applyStoredTheme, []);
  // The page's language went with its layout: the browser's chosen one (English on the server).
  const locale = useSyncExternalStore(noChanges, browserLocale, serverLocale);
  return (
    <html lang={locale}>
      <body className="min-h-dvh bg-background font-sans text-foreground antialiased">
        <ErrorScreen reset={reset} words={rootErrorWords(locale, error.digest)} />
      </body>
    </html>
  );
}
