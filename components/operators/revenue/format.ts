import { formatMoney } from "@/lib/plans";

// Formatting for the revenue page (server tables and client charts alike).

export const money = (cents: number) => formatMoney(Math.round(cents));

/** Short money for chart axes: $1.2k, $35k, $1.4M. */
export function compactMoney(cents: number): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "usd", notation: "compact", maximumFractionDigits: 1 }).format(cents / 100);
}

export function percent(rate: number | null): string {
  if (rate === null) return "—";
  if (Object.is(rate, -0)) rate = 0;
  return new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 }).format(rate);
}

const monthFormat = new Intl.DateTimeFormat("en-US", { month: "short", year: "numeric", timeZone: "UTC" });

/** "2026-09" -> "Sep 2026". */
export function monthLabel(month: string): string {
  const [year, mon] = month.split("-").map(Number);
  return monthFormat.format(new Date(Date.UTC(year!, mon! - 1, 1)));
}
