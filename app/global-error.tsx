"use client";

import { useLayoutEffect } from "react";
import { englishErrorWords } from "@/components/errors/english-words";
import { ErrorScreen } from "@/components/errors/error-screen";
import { applyStoredTheme } from "@/lib/theme";
import "./globals.css";

// Errors in the root layout itself replace the whole document, so this one brings its own
// <html>; the screen (and its "temporarily unavailable" check) is the same as app/error.tsx's.
export default function GlobalError({ reset, error }: { reset: () => void; error: Error & { digest?: string } }) {
  // Rendered by React in the browser, where an inline script would not run: the theme is applied here.
  useLayoutEffect(applyStoredTheme, []);
  return (
    <html lang="en">
      <body className="min-h-dvh bg-background font-sans text-foreground antialiased">
        <ErrorScreen reset={reset} words={englishErrorWords(error.digest)} />
      </body>
    </html>
  );
}
