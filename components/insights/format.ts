// Shared formatting for the Insights page and the Overview's top insight: en-US, UTC, like the
// rest of the dashboard.

export const num = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits });

const dayFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", hourCycle: "h23", timeZone: "UTC" });

export const formatDay = (d: Date) => dayFormat.format(d);
export const formatDate = (d: Date) => dateFormat.format(d);
export const formatDateTime = (d: Date) => `${dateTimeFormat.format(d)} UTC`;

/** "+12.5 %", "−3 %", "new" (from zero). */
export function formatPercentChange(percent: number, fromZero: boolean): string {
  if (fromZero) return "new";
  if (percent === 0) return "±0 %";
  return `${percent > 0 ? "+" : "−"}${num(Math.abs(percent), 1)} %`;
}

/** The UTC day (ms) an instant falls on. */
export const utcDay = (d: Date) => Math.floor(d.getTime() / 86_400_000) * 86_400_000;
