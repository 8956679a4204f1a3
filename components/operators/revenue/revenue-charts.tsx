"use client";

import dynamic from "next/dynamic";
import type { PlanMixSlice, RevenueChartMonth } from "./revenue-charts-drawn";

export type { PlanMixSlice, RevenueChartMonth } from "./revenue-charts-drawn";

// Each chart is a picture of a table that the page shows in full beside it (the text alternative),
// so it is hidden from assistive technology. recharts (about 130 kB gzip) is downloaded after the
// page has loaded, into a box that already has the chart's size, so nothing moves when it draws;
// the figures, tables and links work before it arrives. If the download fails, the box says so
// (for the page's life: next/dynamic keeps the outcome, so only a reload tries again) and the
// tables still hold every figure.

function ChartLoading() {
  return <div className="size-full animate-pulse rounded-md bg-muted/60" />;
}

function ChartUnavailable() {
  return <p className="grid size-full place-items-center rounded-md border border-dashed border-border text-sm text-muted-foreground">The chart could not be loaded (reload the page to try again); the table has its figures.</p>;
}

const DrawnMrrTrend = dynamic(() => import("./revenue-charts-drawn").then((m) => m.MrrTrendChart, () => ChartUnavailable), { ssr: false, loading: ChartLoading });
const DrawnNetNewMrr = dynamic(() => import("./revenue-charts-drawn").then((m) => m.NetNewMrrChart, () => ChartUnavailable), { ssr: false, loading: ChartLoading });
const DrawnPlanMix = dynamic(() => import("./revenue-charts-drawn").then((m) => m.PlanMixChart, () => ChartUnavailable), { ssr: false, loading: ChartLoading });

export function MrrTrendChart({ months }: { months: RevenueChartMonth[] }) {
  return (
    <div className="h-64 w-full" aria-hidden="true">
      <DrawnMrrTrend months={months} />
    </div>
  );
}

export function NetNewMrrChart({ months }: { months: RevenueChartMonth[] }) {
  return (
    <div className="h-72 w-full" aria-hidden="true">
      <DrawnNetNewMrr months={months} />
    </div>
  );
}

export function PlanMixChart({ plans }: { plans: PlanMixSlice[] }) {
  return (
    <div className="w-full" style={{ height: Math.max(120, plans.length * 44 + 24) }} aria-hidden="true">
      <DrawnPlanMix plans={plans} />
    </div>
  );
}
