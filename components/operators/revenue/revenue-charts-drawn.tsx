"use client";

import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { compactMoney, money, monthLabel } from "./format";
import type { MovementsRow } from "./revenue-tables";

// recharts and the charts drawn with it: downloaded by ./revenue-charts.tsx after the revenue page
// has loaded, into the boxes it sizes (each chart fills its box). recharts' keyboard layer (a tab
// stop) is off: the charts are pictures of the tables beside them.

/** A month as drawn: the movements table's row (./revenue-tables.tsx) without its rates and counts. */
export type RevenueChartMonth = Pick<MovementsRow, "month" | "newCents" | "expansionCents" | "reactivationCents" | "contractionCents" | "churnCents" | "netNewCents" | "closingMrrCents">;

export type PlanMixSlice = { label: string; mrrCents: number; accounts: number };

const COLORS = {
  mrr: "var(--primary)",
  new: "var(--primary)",
  expansion: "var(--success)",
  reactivation: "#0e7490",
  contraction: "var(--warning)",
  churn: "var(--destructive)",
  net: "var(--foreground)",
};

const axisProps = { stroke: "var(--muted-foreground)", fontSize: 12, tickLine: false } as const;
const tooltipProps = {
  formatter: (value: unknown) => money(Number(value)),
  contentStyle: { background: "var(--card)", border: "1px solid var(--border)", borderRadius: 6, fontSize: 12 },
  labelStyle: { color: "var(--foreground)" },
};

export function MrrTrendChart({ months }: { months: RevenueChartMonth[] }) {
  const data = months.map((m) => ({ label: monthLabel(m.month), mrr: m.closingMrrCents }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--border)" vertical={false} />
        <XAxis dataKey="label" {...axisProps} minTickGap={12} />
        <YAxis {...axisProps} width={56} tickFormatter={compactMoney} />
        <Tooltip {...tooltipProps} />
        <Bar dataKey="mrr" name="MRR" fill={COLORS.mrr} radius={[3, 3, 0, 0]} maxBarSize={36} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

export function NetNewMrrChart({ months }: { months: RevenueChartMonth[] }) {
  const data = months.map((m) => ({
    label: monthLabel(m.month),
    new: m.newCents,
    expansion: m.expansionCents,
    reactivation: m.reactivationCents,
    contraction: m.contractionCents,
    churn: m.churnCents,
    net: m.netNewCents,
  }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart accessibilityLayer={false} data={data} stackOffset="sign" margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--border)" vertical={false} />
        <XAxis dataKey="label" {...axisProps} minTickGap={12} />
        <YAxis {...axisProps} width={56} tickFormatter={compactMoney} />
        <Tooltip {...tooltipProps} />
        {/* Names in the text colour, beside each series' swatch: teal reactivation text is under 4.5:1 on the dark card. */}
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} formatter={(name: string) => <span style={{ color: "var(--foreground)" }}>{name}</span>} />
        <Bar dataKey="new" name="New" stackId="m" fill={COLORS.new} maxBarSize={36} isAnimationActive={false} />
        <Bar dataKey="expansion" name="Expansion" stackId="m" fill={COLORS.expansion} maxBarSize={36} isAnimationActive={false} />
        <Bar dataKey="reactivation" name="Reactivation" stackId="m" fill={COLORS.reactivation} maxBarSize={36} isAnimationActive={false} />
        <Bar dataKey="contraction" name="Contraction" stackId="m" fill={COLORS.contraction} maxBarSize={36} isAnimationActive={false} />
        <Bar dataKey="churn" name="Churn" stackId="m" fill={COLORS.churn} maxBarSize={36} isAnimationActive={false} />
        <Line dataKey="net" name="Net new" type="linear" stroke={COLORS.net} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

export function PlanMixChart({ plans }: { plans: PlanMixSlice[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart accessibilityLayer={false} data={plans} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--border)" horizontal={false} />
        <XAxis type="number" {...axisProps} tickFormatter={compactMoney} />
        <YAxis type="category" dataKey="label" {...axisProps} width={128} />
        <Tooltip {...tooltipProps} />
        <Bar dataKey="mrrCents" name="MRR" fill={COLORS.mrr} radius={[0, 3, 3, 0]} maxBarSize={28} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
