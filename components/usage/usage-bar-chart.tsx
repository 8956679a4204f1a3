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

const W = 720;
const PAD = { left: 56, right: 8, top: 16, bottom: 28 };

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
  const H = compact ? 160 : 240;
  const { locale } = words;
  const num = (n: number) => n.toLocaleString(INTL_LOCALE[locale]);
  const fmt = granularity === "hour" ? timeFormat("hour", timeZone, locale) : dayFormat(locale);
  // Hours in the viewer's zone (named by the chart's description), days in UTC.
  const zoneSuffix = granularity === "day" || !timeZone || timeZone === DEFAULT_TIME_ZONE ? " UTC" : "";
  const peak = Math.max(0, ...points.map((p) => p.quantity));
  const max = niceMax(peak);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(points.length, 1);
  const barW = Math.max(1, slot * 0.75);
  const tickEvery = Math.max(1, Math.ceil(points.length / 6));
  const first = points[0];
  const last = points[points.length - 1];
  const span = words.span(points.length, granularity, first && last ? { from: fmt.format(new Date(first.start)), to: fmt.format(new Date(last.start)) } : null);
  const markedCount = marked ? points.filter((p) => marked.starts.has(p.start)).length : 0;
  const summary = words.summary({ metric: metricLabel, granularity, span, total: total === null ? null : num(total), peak: num(peak), marked: marked ? marked.summary(markedCount) : "" });
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={summary} className="h-auto w-full text-muted-foreground">
      <title>{summary}</title>
      <g fontSize={11} fill="currentColor">
        <text x={PAD.left - 6} y={PAD.top + 4} textAnchor="end">{num(max)}</text>
        <text x={PAD.left - 6} y={PAD.top + plotH} textAnchor="end">0</text>
      </g>
      <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top} y2={PAD.top} stroke="currentColor" strokeOpacity={0.3} strokeDasharray="4 4" />
      <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} stroke="currentColor" strokeOpacity={0.5} />
      {points.map((p, i) => {
        const h = (p.quantity / max) * plotH;
        const x = PAD.left + i * slot;
        const isMarked = marked?.starts.has(p.start) ?? false;
        return (
          <g key={p.start} data-marked={isMarked ? "true" : undefined}>
            <title>{words.bar({ time: `${fmt.format(new Date(p.start))}${zoneSuffix}`, value: num(p.quantity), metric: metricLabel, note: isMarked ? marked!.note : null })}</title>
            <rect x={x} y={PAD.top} width={slot} height={plotH} fill="transparent" />
            <rect x={x + (slot - barW) / 2} y={PAD.top + plotH - h} width={barW} height={h} rx={1} className={isMarked ? "fill-warning" : "fill-primary"} />
            {isMarked ? <path d={`M ${x + slot / 2 - 4} ${PAD.top - 12} L ${x + slot / 2 + 4} ${PAD.top - 12} L ${x + slot / 2} ${PAD.top - 5} Z`} className="fill-warning" /> : null}
            {i % tickEvery === 0 ? (
              <text x={x + slot / 2} y={H - 8} fontSize={11} fill="currentColor" textAnchor="middle">
                {fmt.format(new Date(p.start))}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
