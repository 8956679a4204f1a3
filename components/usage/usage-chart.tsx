"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { INTL_LOCALE } from "@/lib/i18n/locales";
import { USAGE_METRICS, type UsageMetric } from "@/lib/plans";
import { DEFAULT_TIME_ZONE, timeZoneLabel } from "@/lib/time-zone";
import { UsageBarChart } from "./usage-bar-chart";
import { useChartWords } from "./chart-words";

type Granularity = "hour" | "day";

const METRICS = Object.keys(USAGE_METRICS) as UsageMetric[];

export function UsageChart({ initialMetric = "api_calls", timeZone = null }: { initialMetric?: UsageMetric; timeZone?: string | null }) {
  const t = useTranslations("BillingUsage");
  const locale = useLocale();
  const num = (n: number) => n.toLocaleString(INTL_LOCALE[locale]);
  const metricOptions = METRICS.map((id) => ({ id, label: t(`metric.${id}`) }));
  const granularityOptions: { id: Granularity; label: string }[] = [
    { id: "hour", label: t("chart.rangeHour") },
    { id: "day", label: t("chart.rangeDay") },
  ];
  const trpc = useTRPC();
  const [metric, setMetric] = useState<UsageMetric>(initialMetric);
  const [granularity, setGranularity] = useState<Granularity>("hour");
  const q = useQuery({ ...trpc.usage.series.queryOptions({ metric, granularity }), placeholderData: keepPreviousData });
  const metricLabel = t(`metric.${metric}`);
  const words = useChartWords(metric);

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("chart.title")}</CardTitle>
        <CardDescription>
          {granularity === "hour" ? t("chart.hourly", { zone: timeZoneLabel(timeZone ?? DEFAULT_TIME_ZONE) }) : t("chart.daily")}
        </CardDescription>
        <div className="flex flex-wrap gap-3 pt-2">
          <SegmentedControl label={t("chart.metric")} value={metric} options={metricOptions} onChange={setMetric} />
          <SegmentedControl label={t("chart.range")} value={granularity} options={granularityOptions} onChange={setGranularity} />
        </div>
      </CardHeader>
      <CardContent>
        {q.isError && !q.data ? (
          <Alert variant="error" title={t("chart.loadFailed")}>
            <p>{q.error.message}</p>
            <Button variant="outline" size="sm" className="mt-2" onClick={() => void q.refetch()}>
              {t("chart.tryAgain")}
            </Button>
          </Alert>
        ) : !q.data ? (
          <div aria-busy="true" aria-label={t("chart.loading")} className="aspect-[3/1] w-full animate-pulse rounded-md bg-muted" />
        ) : (
          <div className={cn("space-y-2 transition-opacity", q.isPlaceholderData && "opacity-60")} aria-busy={q.isFetching}>
            <p className="text-sm">
              <span className="text-2xl font-semibold tabular-nums">{num(q.data.total)}</span>{" "}
              <span className="text-muted-foreground">{t("chart.inRange", { metric: t(`metricInline.${metric}`) })}</span>
            </p>
            <UsageBarChart points={q.data.points} granularity={q.data.granularity} metricLabel={metricLabel} total={q.data.total} timeZone={timeZone} words={words} />
          </div>
        )}
      </CardContent>
    </Card>
  );
}
