import { INTL_LOCALE, type Locale } from "@/lib/i18n/locales";
import { DEFAULT_TIME_ZONE, timeFormat } from "@/lib/time-zone";

// A bar chart of a usage series as plain SVG (no client code): the dashboard's Usage page, the
// operator console's workspace detail and the Insights page (compact, with marked days) draw it.

export type UsagePoint = { start: string; quantity: number };
export type UsageGranularity = "hour" | "day";

const dayFormats = new Map<Locale, Intl.DateTimeFormat>();
function dayFormat(locale: Locale): Intl.DateTimeFormat {
  let format = dayFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[locale], { month: "short", day: "numeric", timeZone: "UTC" });
    dayFormats.set(locale, format);
  }
  return format;
}

/** The chart's sentences in one language (the dashboard's: useChartWords in ./chart-words). */
export type ChartWords = {
  /** Numbers and dates are written as in this language. */
  locale: Locale;
  /** "48 hours (Mar 1, 10:00 to Mar 3, 09:00)"; range null without points. */
  span: (count: number, granularity: UsageGranularity, range: { from: string; to: string } | null) => string;
  /** The chart's accessible summary; `total` null where a total means nothing. */
  summary: (parts: { metric: string; granularity: UsageGranularity; span: string; total: string | null; peak: string; marked: string }) => string;
  /** One bar's tooltip; `note` the marked bar's note. */
  bar: (parts: { time: string; value: string; metric: string; note: string | null }) => string;
};

/** The operator console's words: it stays in English. */
const ENGLISH_WORDS: ChartWords = {
  locale: "en",
  span: (count, granularity, range) => `${count} ${granularity === "hour" ? "hours" : "days"}${range ? ` (${range.from} to ${range.to})` : ""}`,
  summary: ({ metric, granularity, span, total, peak, marked }) =>
    `${metric}, ${granularity === "hour" ? "hourly" : "daily"} over ${span}: ${total === null ? "" : `${total} in total, `}peak ${peak}${marked}.`,
  bar: ({ time, value, metric, note }) => `${time}: ${value} ${metric.toLowerCase()}${note ? ` (${note})` : ""}`,
};

/** Rounds up to 1, 2 or 5 × 10^n so the axis label reads cleanly. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const pow = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((f) => f * pow >= value) ?? 10) * pow;
}

// The bars are drawn in a plot of this many units per bar, stretched to the width on screen; the
// numbers and dates around them are HTML, so they keep the page's type size on a phone (an SVG
// drawn 720 wide and shrunk to 300 set them at 4 px).
const SLOT = 10;
const PLOT_H = 100;
/** Date labels along the bottom: at most this many on a wide screen, half of them on a phone. */
const TICKS = 6;

export type UsageBarChartProps = {
  points: UsagePoint[];
  granularity: UsageGranularity;
  metricLabel: string;
  /** The series' total for the summary; null where a total means nothing (daily peaks of a gauge). */
  total: number | null;
  /** Bars drawn in the warning colour with a marker above (Insights: days with an anomaly). */
  marked?: { starts: ReadonlySet<string>; note: string; summary: (count: number) => string };
  /** A shorter chart, for a card among several. */
  compact?: boolean;
  /** Hours are labelled in this zone (the viewer's); days are UTC days, as they are rolled up. */
  timeZone?: string | null;
  /** The sentences' language; English (the console's) when not given. */
  words?: ChartWords;
};

export function UsageBarChart({ points, granularity, metricLabel, total, marked, compact = false, timeZone = null, words = ENGLISH_WORDS }: UsageBarChartProps) {
  const { locale } = words;
  const num = (n: number) => n.toLocaleString(INTL_LOCALE[locale]);
  const fmt = granularity === "hour" ? timeFormat("hour", timeZone, locale) : dayFormat(locale);
  // Hours in the viewer's zone (named by the chart's description), days in UTC.
  const zoneSuffix = granularity === "day" || !timeZone || timeZone === DEFAULT_TIME_ZONE ? " UTC" : "";
  const peak = Math.max(0, ...points.map((p) => p.quantity));
  const max = niceMax(peak);
  const plotW = SLOT * Math.max(points.length, 1);
  const barW = SLOT * 0.75;
  const tickEvery = Math.max(1, Math.ceil(points.length / TICKS));
  const first = points[0];
  const last = points[points.length - 1];
  const span = words.span(points.length, granularity, first && last ? { from: fmt.format(new Date(first.start)), to: fmt.format(new Date(last.start)) } : null);
  const markedCount = marked ? points.filter((p) => marked.starts.has(p.start)).length : 0;
  const summary = words.summary({ metric: metricLabel, granularity, span, total: total === null ? null : num(total), peak: num(peak), marked: marked ? marked.summary(markedCount) : "" });
  return (
    <div role="img" aria-label={summary} className="grid grid-cols-[auto_1fr] gap-x-1.5 text-xs text-muted-foreground">
      {marked ? (
        // A ▼ above each marked bar (the words above the chart name the sign).
        <div aria-hidden className="relative col-start-2 h-3.5 text-warning">
          {points.map((p, i) =>
            marked.starts.has(p.start) ? (
              <span key={p.start} className="absolute -translate-x-1/2 text-[0.625rem] leading-none" style={{ left: `${((i + 0.5) / points.length) * 100}%` }}>
                ▼
              </span>
            ) : null,
          )}
        </div>
      ) : null}
      <div aria-hidden className="flex flex-col justify-between text-right tabular-nums">
        <span className="-translate-y-1/2">{num(max)}</span>
        <span className="translate-y-1/2">0</span>
      </div>
      {/* The summary above speaks for it; each bar's title is its tooltip. */}
      <svg aria-hidden viewBox={`0 0 ${plotW} ${PLOT_H}`} preserveAspectRatio="none" className={`block w-full overflow-visible ${compact ? "h-28 sm:h-32" : "h-40 sm:h-52"}`}>
        <line x1={0} x2={plotW} y1={0} y2={0} stroke="currentColor" strokeOpacity={0.3} strokeDasharray="4 4" vectorEffect="non-scaling-stroke" />
        <line x1={0} x2={plotW} y1={PLOT_H} y2={PLOT_H} stroke="currentColor" strokeOpacity={0.5} vectorEffect="non-scaling-stroke" />
        {points.map((p, i) => {
          const h = (p.quantity / max) * PLOT_H;
          const x = i * SLOT;
          const isMarked = marked?.starts.has(p.start) ?? false;
          return (
            <g key={p.start} data-marked={isMarked ? "true" : undefined}>
              <title>{words.bar({ time: `${fmt.format(new Date(p.start))}${zoneSuffix}`, value: num(p.quantity), metric: metricLabel, note: isMarked ? marked!.note : null })}</title>
              <rect x={x} y={0} width={SLOT} height={PLOT_H} fill="transparent" />
              <rect x={x + (SLOT - barW) / 2} y={PLOT_H - h} width={barW} height={h} className={isMarked ? "fill-warning" : "fill-primary"} />
            </g>
          );
        })}
      </svg>
      <div aria-hidden className="relative col-start-2 h-5">
        {points.map((p, i) =>
          i % tickEvery === 0 ? (
            <span
              key={p.start}
              className={`absolute top-1 -translate-x-1/2 whitespace-nowrap ${(i / tickEvery) % 2 === 1 ? "max-sm:hidden" : ""}`}
              style={{ left: `${((i + 0.5) / points.length) * 100}%` }}
            >
              {fmt.format(new Date(p.start))}
            </span>
          ) : null,
        )}
      </div>
    </div>
  );
}
