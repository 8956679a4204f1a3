"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { USAGE_METRICS, type UsageMetric } from "@/lib/plans";

type Granularity = "hour" | "day";
type Point = { start: string; quantity: number };

const METRIC_OPTIONS = (Object.keys(USAGE_METRICS) as UsageMetric[]).map((id) => ({ id, label: USAGE_METRICS[id].label }));
const GRANULARITY_OPTIONS: { id: Granularity; label: string }[] = [
  { id: "hour", label: "Hourly — last 48 hours" },
  { id: "day", label: "Daily — last 30 days" },
];
const hourFormat = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });
const dayFormat = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });
const num = (n: number) => n.toLocaleString("en-US");

/** Rounds up to 1, 2 or 5 × 10^n so the axis label reads cleanly. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const pow = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((f) => f * pow >= value) ?? 10) * pow;
}

const W = 720;
const H = 240;
const PAD = { left: 56, right: 8, top: 12, bottom: 28 };

function BarChart({ points, granularity, metricLabel, total }: { points: Point[]; granularity: Granularity; metricLabel: string; total: number }) {
  const fmt = granularity === "hour" ? hourFormat : dayFormat;
  const max = niceMax(Math.max(0, ...points.map((p) => p.quantity)));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(points.length, 1);
  const barW = Math.max(1, slot * 0.75);
  const tickEvery = Math.max(1, Math.ceil(points.length / 6));
  const span = granularity === "hour" ? "the last 48 hours" : "the last 30 days";
  const summary = `${metricLabel}, ${granularity === "hour" ? "hourly" : "daily"} over ${span}: ${num(total)} in total, peak ${num(Math.max(0, ...points.map((p) => p.quantity)))}.`;
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
        return (
          <g key={p.start}>
            <title>{`${fmt.format(new Date(p.start))} UTC: ${num(p.quantity)} ${metricLabel.toLowerCase()}`}</title>
            <rect x={x} y={PAD.top} width={slot} height={plotH} fill="transparent" />
            <rect x={x + (slot - barW) / 2} y={PAD.top + plotH - h} width={barW} height={h} rx={1} className="fill-primary" />
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

export function UsageChart({ initialMetric = "api_calls" }: { initialMetric?: UsageMetric }) {
  const trpc = useTRPC();
  const [metric, setMetric] = useState<UsageMetric>(initialMetric);
  const [granularity, setGranularity] = useState<Granularity>("hour");
  const q = useQuery({ ...trpc.usage.series.queryOptions({ metric, granularity }), placeholderData: keepPreviousData });
  const metricLabel = USAGE_METRICS[metric].label;

  return (
    <Card>
      <CardHeader>
        <CardTitle>Usage over time</CardTitle>
        <CardDescription>Rolled up per {granularity === "hour" ? "hour" : "day"}; times are in UTC.</CardDescription>
        <div className="flex flex-wrap gap-3 pt-2">
          <SegmentedControl label="Metric" value={metric} options={METRIC_OPTIONS} onChange={setMetric} />
          <SegmentedControl label="Time range" value={granularity} options={GRANULARITY_OPTIONS} onChange={setGranularity} />
        </div>
      </CardHeader>
      <CardContent>
        {q.isError && !q.data ? (
          <Alert variant="error" title="Could not load usage">
            <p>{q.error.message}</p>
            <Button variant="outline" size="sm" className="mt-2" onClick={() => void q.refetch()}>
              Try again
            </Button>
          </Alert>
        ) : !q.data ? (
          <div aria-busy="true" aria-label="Loading usage chart" className="aspect-[3/1] w-full animate-pulse rounded-md bg-muted" />
        ) : (
          <div className={cn("space-y-2 transition-opacity", q.isPlaceholderData && "opacity-60")} aria-busy={q.isFetching}>
            <p className="text-sm">
              <span className="text-2xl font-semibold tabular-nums">{num(q.data.total)}</span>{" "}
              <span className="text-muted-foreground">{metricLabel.toLowerCase()} in this range</span>
            </p>
            <BarChart points={q.data.points} granularity={q.data.granularity} metricLabel={metricLabel} total={q.data.total} />
          </div>
        )}
      </CardContent>
    </Card>
  );
}
