"use client";

import { useLayoutEffect } from "react";

/**
 * Names the document's language on the prerendered marketing pages. The root layout cannot see
 * their locale (it renders `en`); THEME_SCRIPT sets `de` before the first paint, and React resets
 * <html>'s attributes when it hydrates, so this sets it again (and on client-side navigation).
 */
export function DocumentLang({ locale }: { locale: string }) {
  useLayoutEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return null;
}
