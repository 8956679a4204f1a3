"use client";

import { useLocale, useTranslations } from "next-intl";
import { usePathname, useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { MenuLabel, MenuRadioItem } from "@/components/ui/menu";
import { selectClassName } from "@/components/ui/select";
import { cn } from "@/components/ui/cn";
import { DEFAULT_LOCALE, isLocale, LOCALE_LABELS, LOCALES, marketingPath, MARKETING_PATHS, type Locale } from "@/lib/i18n/locales";
import { chooseLocaleAction } from "@/server/i18n/actions";

/** A marketing page's plain path ("/de/pricing" -> "/pricing"), or null for any other page. */
function marketingBase(pathname: string): string | null {
  for (const locale of LOCALES) {
    if (locale === DEFAULT_LOCALE) continue;
    if (pathname === `/${locale}`) return "/";
    if (pathname.startsWith(`/${locale}/`)) pathname = pathname.slice(locale.length + 1);
  }
  return (MARKETING_PATHS as readonly string[]).includes(pathname) ? pathname : null;
}

export type LocaleSwitch = { locale: Locale; choose: (next: Locale) => void; pending: boolean; error: string | null };

/**
 * Switching language: saved (this host's cookie, and the account when signed in), then the
 * marketing pages go to their address in that language and every other page renders again.
 */
export function useChooseLocale({ onError }: { onError?: (message: string) => void } = {}): LocaleSwitch {
  const t = useTranslations("Common");
  const locale = useLocale();
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const choose = (next: Locale) => {
    // One switch at a time: a second one would race the first's save and navigation.
    if (next === locale || pending) return;
    startTransition(async () => {
      const result = await chooseLocaleAction(next).catch(() => ({ ok: false as const }));
      if (!result.ok) {
        setError(t("languageError"));
        onError?.(t("languageError"));
        return;
      }
      setError(null);
      const base = marketingBase(pathname);
      // A marketing page has an address per language (a workspace host has no such paths).
      if (base !== null) router.push(marketingPath(next, base));
      else router.refresh();
    });
  };
  return { locale, choose, pending, error };
}

/** A labelled select (footer, account page). */
export function LanguageChoice({ className }: { className?: string }) {
  const t = useTranslations("Common");
  const id = useId();
  const { locale, choose, pending, error } = useChooseLocale();
  return (
    <div className={cn("flex items-center gap-2", className)}>
      <label htmlFor={id} className="text-sm text-muted-foreground">
        {t("language")}
      </label>
      <select
        id={id}
        value={locale}
        disabled={pending}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => isLocale(e.target.value) && choose(e.target.value)}
        className={cn(selectClassName, "h-8! w-auto! py-0! pointer-coarse:h-10!")}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_LABELS[l]}
          </option>
        ))}
      </select>
      {error ? (
        <span id={`${id}-error`} role="alert" className="text-sm text-destructive">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/**
 * The same choice as radio items in a menu (the account menu). Picking an item closes the menu,
 * which unmounts these items, so the switch is the menu owner's (`useChooseLocale`): reopened
 * while a switch is pending, the items are disabled rather than starting a second one.
 */
export function LanguageMenuItems({ localeSwitch }: { localeSwitch: LocaleSwitch }) {
  const t = useTranslations("Common");
  const { locale, choose, pending } = localeSwitch;
  return (
    <div role="group" aria-label={t("language")} aria-busy={pending || undefined}>
      <MenuLabel>{t("language")}</MenuLabel>
      {LOCALES.map((l) => (
        <MenuRadioItem key={l} checked={locale === l} disabled={pending} onSelect={() => choose(l)}>
          <span lang={l}>{LOCALE_LABELS[l]}</span>
        </MenuRadioItem>
      ))}
    </div>
  );
}
