"use client";

import { NextIntlClientProvider } from "next-intl";
import { useLayoutEffect } from "react";
import common from "@/lib/i18n/messages/en/common.json";
import { applyStoredTheme } from "@/lib/theme";
import ErrorPage from "./error";
import "./globals.css";

// Errors in the root layout itself replace the whole document, so this one brings its own
// <html>; the page (and its "temporarily unavailable" check) is the same as app/error.tsx.
export default function GlobalError(props: { reset: () => void; error: Error & { digest?: string } }) {
  // Rendered by React in the browser, where an inline script would not run: the theme is applied here.
  useLayoutEffect(applyStoredTheme, []);
  return (
    <html lang="en">
      <body className="min-h-dvh bg-background font-sans text-foreground antialiased">
        {/* Outside the root layout there is no request's language or provider: English. */}
        <NextIntlClientProvider locale="en" messages={{ Status: common.Status }}>
          <ErrorPage {...props} />
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
