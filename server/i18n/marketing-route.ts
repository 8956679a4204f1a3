import { DEFAULT_LOCALE, isLocale, LOCALES, marketingPath, MARKETING_PATHS } from "../../lib/i18n/locales";

// The apex's marketing pages exist once per locale (app/(marketing)/[locale]). English is served
// at the plain addresses, German under /de; /en/… is not an address of its own.

export type MarketingRoute =
  | { kind: "rewrite"; path: string } // serve the built page of this internal path
  | { kind: "redirect"; path: string; permanent: boolean };

const PLAIN = new Set<string>(MARKETING_PATHS);

/** The built page behind a plain marketing address: "/" -> "/en", "/pricing" -> "/en/pricing". */
export function builtMarketingPath(pathname: string): string | null {
  if (!PLAIN.has(pathname)) return null;
  return pathname === "/" ? `/${DEFAULT_LOCALE}` : `/${DEFAULT_LOCALE}${pathname}`;
}

/**
 * What the apex does with a path: null for anything that is not a marketing page (or is already
 * a /de address). `chosen` is the browser's locale cookie: someone who chose German is sent from
 * a plain address to its German one (a redirect, so the cached English page stays the same).
 */
export function marketingRoute(pathname: string, chosen: string | undefined): MarketingRoute | null {
  const prefix = `/${DEFAULT_LOCALE}`;
  if (pathname === prefix || pathname.startsWith(`${prefix}/`)) {
    const plain = pathname.slice(prefix.length) || "/";
    return PLAIN.has(plain) ? { kind: "redirect", path: plain, permanent: true } : null;
  }
  const built = builtMarketingPath(pathname);
  if (!built) return null;
  if (isLocale(chosen) && chosen !== DEFAULT_LOCALE && LOCALES.includes(chosen)) {
    return { kind: "redirect", path: marketingPath(chosen, pathname), permanent: false };
  }
  return { kind: "rewrite", path: built };
}
