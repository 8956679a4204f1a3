import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { DocumentLang } from "@/components/i18n/document-lang";
import { IntlProvider } from "@/components/i18n/intl-provider";
import { SessionLinks } from "@/components/marketing/session-links";
import { SiteFooter, SiteHeader } from "@/components/marketing/site-header";
import { marketingLocale, marketingLocaleParams } from "@/server/i18n/marketing-locale";

// Landing, pricing, sign-in and sign-up: prerendered at build in each locale (proxy.ts serves
// English at /… from /en/… and German at /de/…), the same HTML for everyone and cacheable.
// Nothing here reads cookies, headers or the query on the server: the signed-in state in the
// header is fetched on the client (SessionLinks), the query read there (QueryReader).
// force-static keeps it so: the root not-found, which Next renders into every route, asks for a
// request, and would otherwise make these pages dynamic too.
export const dynamic = "force-static";
export const dynamicParams = false;
export const generateStaticParams = marketingLocaleParams;

type Props = { children: ReactNode; params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Omit<Props, "children">): Promise<Metadata> {
  await marketingLocale(params);
  return { description: (await getTranslations("MarketingSite"))("description") };
}

export default async function MarketingLayout({ children, params }: Props) {
  const locale = await marketingLocale(params);
  return (
    // The document says `en` on <html> (one root layout for every page; see THEME_SCRIPT), so the
    // language is named here for everything the page shows.
    <div lang={locale} className="flex min-h-dvh flex-col">
      <DocumentLang locale={locale} />
      <IntlProvider areas={["common", "marketing", "auth"]} locale={locale}>
        <SiteHeader account={<SessionLinks />} />
        <main id="main" className="flex-1">{children}</main>
        <SiteFooter />
      </IntlProvider>
    </div>
  );
}
