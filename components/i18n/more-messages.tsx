"use client";

import { NextIntlClientProvider, useLocale, useMessages } from "next-intl";
import { useMemo, type ReactNode } from "react";
import type { Messages } from "@/lib/i18n/messages";

/**
 * Adds namespaces to the messages of the provider above (next-intl's provider replaces them), so a
 * page hands its client components only its own words on top of the frame's. Formats, time zone
 * and error handling come from the provider above.
 */
export function MoreMessages({ messages, children }: { messages: Partial<Messages>; children: ReactNode }) {
  const locale = useLocale();
  const above = useMessages();
  const merged = useMemo(() => ({ ...above, ...messages }), [above, messages]);
  return (
    <NextIntlClientProvider locale={locale} messages={merged}>
      {children}
    </NextIntlClientProvider>
  );
}
