"use client";

import { lazy, Suspense, type ComponentType, type ReactNode } from "react";
import { useBrowserValue } from "@/components/ui/use-hydrated";
import type { PlanMixSlice, RevenueChartMonth } from "./revenue-charts-drawn";

export type { PlanMixSlice, RevenueChartMonth } from "./revenue-charts-drawn";

// Each chart is a picture of a table that the page shows in full beside it (the text alternative),
// so it is hidden from assistive technology. recharts (about 130 kB gzip) is downloaded after the
// page has loaded, into a box that already has the chart's size, so nothing moves when it draws;
// the figures, tables and links work before it arrives. If the download fails, the box says so
// (for the page's life: React.lazy keeps the outcome, so only a reload tries again) and the tables
// still hold every figure. The price, measured on the build: with recharts in a chunk of its own,
// Turbopack cuts the runtime every page downloads into one more file, about 0.75 kB gzip more;
// this page's first load is about 127 kB smaller.

function ChartLoading() {
  return <div className="size-full animate-pulse rounded-md bg-muted/60" />;
}

function ChartUnavailable() {
  return <p className="grid size-full place-items-center rounded-md border border-dashed border-border text-sm text-muted-foreground">The chart could not be loaded (reload the page to try again); the table has its figures.</p>;
}

const drawn = () => import("./revenue-charts-drawn");
const unavailable = () => ({ default: ChartUnavailable });
const DrawnMrrTrend = lazy(() => drawn().then((m) => ({ default: m.MrrTrendChart }), unavailable));
const DrawnNetNewMrr = lazy(() => drawn().then((m) => ({ default: m.NetNewMrrChart }), unavailable));
const DrawnPlanMix = lazy(() => drawn().then((m) => ({ default: m.PlanMixChart }), unavailable));

/** Draws only in the browser (the server has no size to draw at), after the page is interactive. */
function InBrowser<P extends object>({ chart: Chart, props }: { chart: ComponentType<P>; props: P }): ReactNode {
  const inBrowser = useBrowserValue(() => true);
  if (!inBrowser) return <ChartLoading />;
  return (
    <Suspense fallback={<ChartLoading />}>
      <Chart {...props} />
    </Suspense>
  );
}

export function MrrTrendChart({ months }: { months: RevenueChartMonth[] }) {
  return (
    <div className="h-64 w-full" aria-hidden="true">
      <InBrowser chart={DrawnMrrTrend} props={{ months }} />
    </div>
  );
}

export function NetNewMrrChart({ months }: { months: RevenueChartMonth[] }) {
  return (
    <div className="h-72 w-full" aria-hidden="true">
      <InBrowser chart={DrawnNetNewMrr} props={{ months }} />
    </div>
  );
}

export function PlanMixChart({ plans }: { plans: PlanMixSlice[] }) {
  return (
    <div className="w-full" style={{ height: Math.max(120, plans.length * 44 + 24) }} aria-hidden="true">
      <InBrowser chart={DrawnPlanMix} props={{ plans }} />
    </div>
  );
}
