import type { Metadata } from "next";
import type { ReactNode } from "react";
import { IntlProvider } from "@/components/i18n/intl-provider";
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
  const common = messagesFor(locale).Common;
  return (
    // The theme script sets a class on <html> before hydration, so React is told to expect it.
    <html lang={locale} suppressHydrationWarning>
      <body className="min-h-dvh bg-background font-sans text-foreground antialiased">
        {/* Runs before the body paints; its hash is in every page's CSP (security-headers.ts). */}
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
        {/* The first stop for a keyboard: past the header and navigation to the page (every <main> is #main). */}
        <a
          href="#main"
          className="sr-only rounded-md bg-primary px-4 py-2 text-sm font-medium text-primary-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50"
        >
          {common.skipToContent}
        </a>
        <ThemeProvider>
          {/* The shared words only; each part of the site hands its client components its own (IntlProvider). */}
          <IntlProvider areas={["common"]} locale={locale}>{children}</IntlProvider>
        </ThemeProvider>
      </body>
    </html>
  );
}
