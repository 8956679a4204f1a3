"use client";

import { useLocale, useTranslations } from "next-intl";
import { useSyncExternalStore } from "react";
import { DEFAULT_LOCALE, INTL_LOCALE, type Locale } from "@/lib/i18n/locales";

export type SupportBannerProps = {
  workspaceName: string;
  write: boolean;
  /** ISO time the access ends. */
  expiresAt: string;
  /** Where the operator goes back to (the console's page for this workspace). */
  consoleUrl: string;
};

const timeFormat = (locale: Locale) =>
  new Intl.DateTimeFormat(locale === DEFAULT_LOCALE ? "en" : INTL_LOCALE[locale], { hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });

// A clock that ticks every 15 s (the snapshot is rounded, so it is stable between ticks).
const TICK_MS = 15_000;
function subscribeClock(onTick: () => void): () => void {
  const timer = setInterval(onTick, TICK_MS);
  return () => clearInterval(timer);
}
const readClock = () => Math.floor(Date.now() / TICK_MS) * TICK_MS;
const serverClock = () => null;

/** Whole minutes left (the clock is rounded down, so this never overstates the time). */
function minutesLeft(expiresAt: number, now: number): number {
  return Math.floor((expiresAt - now) / 60_000);
}

/**
 * Shown on every dashboard page during an operator's support access: whose workspace, read-only
 * or not, how long is left, and a way out. Ending posts to the workspace host's own route
 * (/dashboard/support/end), which ends the grant and this session.
 */
export function SupportBanner({ workspaceName, write, expiresAt, consoleUrl }: SupportBannerProps) {
  const t = useTranslations("DashboardSupportBanner");
  const locale = useLocale();
  const end = Date.parse(expiresAt);
  const now = useSyncExternalStore(subscribeClock, readClock, serverClock);
  const over = now !== null && now >= end;
  const left = now === null ? null : minutesLeft(end, now);
  return (
    <section
      aria-label={t("label")}
      className={`flex flex-wrap items-center gap-x-4 gap-y-2 border-b px-4 py-2 text-sm md:px-8 ${write ? "border-destructive/40 bg-destructive/10" : "border-warning/40 bg-warning/10"}`}
    >
      <p className="min-w-0 flex-1">
        {over ? (
          <strong>{t("ended", { name: workspaceName })}</strong>
        ) : (
          <>
            {t.rich("active", {
              name: workspaceName,
              mode: write ? t("modeWrite") : t("modeRead"),
              time: timeFormat(locale).format(end),
              strong: (chunks) => <strong>{chunks}</strong>,
            })}
            {left !== null ? ` (${left < 1 ? t("underMinute") : t("minutesLeft", { minutes: String(left) })})` : null}
          </>
        )}
      </p>
      {over ? (
        <a href={consoleUrl} className="font-medium underline underline-offset-2">
          {t("backToConsole")}
        </a>
      ) : (
        <form method="post" action="/dashboard/support/end">
          <button type="submit" className="rounded-md border border-border bg-background px-3 py-1 font-medium hover:bg-muted focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none">
            {t("end")}
          </button>
        </form>
      )}
    </section>
  );
}
