import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { buttonClassName } from "@/components/ui/button";
import { LanguageChoice } from "@/components/i18n/language-choice";
import { ThemeChoice } from "@/components/theme/theme-choice";
import { marketingPath } from "@/lib/i18n/locales";
import { Logo } from "./logo";

// Used by server components (the layouts) and by SessionLinks on the client: next-intl's hooks
// work in both, in the language of the page.

/** The apex header; `account` is the right-hand links, which depend on who is signed in. */
export function SiteHeader({ account }: { account: ReactNode }) {
  const t = useTranslations("MarketingSite");
  const locale = useLocale();
  return (
    <header className="border-b border-border">
      <nav aria-label={t("mainNav")} className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-2 px-3 sm:px-4">
        <Logo href={marketingPath(locale, "/")} />
        <div className="flex items-center gap-1 sm:gap-2">
          <Link href={marketingPath(locale, "/pricing")} className={buttonClassName({ variant: "ghost", size: "sm" })}>
            {t("pricing")}
          </Link>
          {account}
        </div>
      </nav>
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer className="border-t border-border py-6 text-sm text-muted-foreground">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-3 sm:px-4">
        <span>© {new Date().getFullYear()} Atrium</span>
        <div className="flex flex-wrap items-center gap-3">
          <LanguageChoice />
          <ThemeChoice />
        </div>
      </div>
    </footer>
  );
}

/** `prefetch={false}` for a set laid out but hidden (SessionLinks): nobody can follow those links. */
export function SignedOutLinks({ prefetch }: { prefetch?: false }) {
  const t = useTranslations("MarketingSite");
  const locale = useLocale();
  return (
    <>
      <Link href={marketingPath(locale, "/sign-in")} prefetch={prefetch} className={buttonClassName({ variant: "ghost", size: "sm" })}>
        {t("signIn")}
      </Link>
      <Link href={marketingPath(locale, "/sign-up")} prefetch={prefetch} className={buttonClassName({ variant: "primary", size: "sm" })}>
        {/* German's words are longer: a short label on a phone, so the header never scrolls sideways. */}
        <span className="sm:hidden">{t("startTrialShort")}</span>
        <span className="hidden sm:inline">{t("startTrial")}</span>
      </Link>
    </>
  );
}

export function SignedInLinks({ prefetch }: { prefetch?: false }) {
  const t = useTranslations("MarketingSite");
  return (
    <Link href="/workspaces" prefetch={prefetch} className={buttonClassName({ variant: "primary", size: "sm" })}>
      {t("yourWorkspaces")}
    </Link>
  );
}
