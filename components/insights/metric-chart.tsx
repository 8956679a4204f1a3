// A small daily chart of one metric from the report's facts, as plain SVG (no client code). Days
// with an anomalous hour are drawn in the warning colour with a marker above them; the anomalies
// are also listed in text under the chart.
import { formatDay, num, utcDay } from "./format";

export type ChartPoint = { at: Date; value: number };
export type ChartAnomaly = { at: Date; value: number; expected: number; direction: "spike" | "drop" };

const W = 600;
const H = 150;
const PAD = { left: 48, right: 6, top: 14, bottom: 22 };

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const pow = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((f) => f * pow >= value) ?? 10) * pow;
}

export function MetricChart({ points, anomalies, label }: { points: ChartPoint[]; anomalies: ChartAnomaly[]; label: string }) {
  const peak = Math.max(0, ...points.map((p) => p.value));
  const max = niceMax(peak);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(points.length, 1);
  const barW = Math.max(1, slot * 0.7);
  const anomalyDays = new Set(anomalies.map((a) => utcDay(a.at)));
  const tickEvery = Math.max(1, Math.ceil(points.length / 5));
  const first = points[0];
  const last = points[points.length - 1];
  const summary = `${label}, daily${first && last ? ` from ${formatDay(first.at)} to ${formatDay(last.at)}` : ""}: peak ${num(peak, 2)}${anomalyDays.size > 0 ? `, ${anomalyDays.size} day${anomalyDays.size === 1 ? "" : "s"} with an anomaly` : ", no anomalies"}.`;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={summary} className="h-auto w-full text-muted-foreground">
      <title>{summary}</title>
      <g fontSize={11} fill="currentColor">
        <text x={PAD.left - 6} y={PAD.top + 4} textAnchor="end">
          {num(max, 2)}
        </text>
        <text x={PAD.left - 6} y={PAD.top + plotH} textAnchor="end">
          0
        </text>
      </g>
      <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top} y2={PAD.top} stroke="currentColor" strokeOpacity={0.3} strokeDasharray="4 4" />
      <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} stroke="currentColor" strokeOpacity={0.5} />
      {points.map((p, i) => {
        const h = (p.value / max) * plotH;
        const x = PAD.left + i * slot;
        const anomalous = anomalyDays.has(utcDay(p.at));
        return (
          <g key={p.at.getTime()} data-anomaly={anomalous ? "true" : undefined}>
            <title>{`${formatDay(p.at)} UTC: ${num(p.value, 2)}${anomalous ? " (anomaly)" : ""}`}</title>
            <rect x={x} y={PAD.top} width={slot} height={plotH} fill="transparent" />
            <rect x={x + (slot - barW) / 2} y={PAD.top + plotH - h} width={barW} height={h} rx={1} className={anomalous ? "fill-warning" : "fill-primary"} />
            {anomalous ? <path d={`M ${x + slot / 2 - 4} ${PAD.top - 10} L ${x + slot / 2 + 4} ${PAD.top - 10} L ${x + slot / 2} ${PAD.top - 3} Z`} className="fill-warning" /> : null}
            {i % tickEvery === 0 ? (
              <text x={x + slot / 2} y={H - 6} fontSize={11} fill="currentColor" textAnchor="middle">
                {formatDay(p.at)}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
