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
import { DEFAULT_TIME_ZONE, timeZoneLabel } from "@/lib/time-zone";
import { UsageBarChart } from "./usage-bar-chart";

type Granularity = "hour" | "day";

const METRIC_OPTIONS = (Object.keys(USAGE_METRICS) as UsageMetric[]).map((id) => ({ id, label: USAGE_METRICS[id].label }));
const GRANULARITY_OPTIONS: { id: Granularity; label: string }[] = [
  { id: "hour", label: "Hourly — last 48 hours" },
  { id: "day", label: "Daily — last 30 days" },
];
const num = (n: number) => n.toLocaleString("en-US");

export function UsageChart({ initialMetric = "api_calls", timeZone = null }: { initialMetric?: UsageMetric; timeZone?: string | null }) {
  const trpc = useTRPC();
  const [metric, setMetric] = useState<UsageMetric>(initialMetric);
  const [granularity, setGranularity] = useState<Granularity>("hour");
  const q = useQuery({ ...trpc.usage.series.queryOptions({ metric, granularity }), placeholderData: keepPreviousData });
  const metricLabel = USAGE_METRICS[metric].label;

  return (
    <Card>
      <CardHeader>
        <CardTitle>Usage over time</CardTitle>
        <CardDescription>
          {granularity === "hour" ? `Rolled up per hour; times in ${timeZoneLabel(timeZone ?? DEFAULT_TIME_ZONE)}.` : "Rolled up per day; days run midnight to midnight UTC, as the billing period does."}
        </CardDescription>
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
            <UsageBarChart points={q.data.points} granularity={q.data.granularity} metricLabel={metricLabel} total={q.data.total} timeZone={timeZone} />
          </div>
        )}
      </CardContent>
    </Card>
  );
}
