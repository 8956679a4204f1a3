import type { Metadata } from "next";
import type { ReactNode } from "react";
import { IntlProvider } from "@/components/i18n/intl-provider";
import { SkipLink } from "@/components/i18n/skip-link";
import { ThemeProvider } from "@/components/theme/theme-provider";
import { THEME_SCRIPT } from "@/lib/theme";
import { messagesFor } from "@/lib/i18n/messages";
import { requestedLocale } from "@/server/i18n/request-locale";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Atrium", template: "%s · Atrium" },
  description: "The customer portal for your SaaS: workspaces, members, billing, usage and API keys.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The request's language; English on prerendered pages (see THEME_SCRIPT). Read directly, not
  // through next-intl, which a marketing page must configure first (server/i18n/request.ts).
  const locale = await requestedLocale();
  // Both languages' words: a prerendered German marketing page is rendered here as English.
  const skipLabels = { en: messagesFor("en").Common.skipToContent, de: messagesFor("de").Common.skipToContent };
  return (
    // The theme script sets a class on <html> before hydration, so React is told to expect it.
    <html lang={locale} suppressHydrationWarning>
      <body className="min-h-dvh bg-background font-sans text-foreground antialiased">
        {/* Runs before the body paints; its hash is in every page's CSP (security-headers.ts). */}
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
        <SkipLink requestLocale={locale} labels={skipLabels} />
        <ThemeProvider>
          {/* The shared words only; each part of the site hands its client components its own (IntlProvider). */}
          <IntlProvider areas={["common"]} locale={locale}>{children}</IntlProvider>
        </ThemeProvider>
      </body>
    </html>
  );
}
