import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { money, monthLabel, percent } from "./format";

// The text alternative of the revenue charts: every figure they draw, as tables.

export type MovementsRow = {
  month: string;
  openingMrrCents: number;
  newCents: number;
  expansionCents: number;
  reactivationCents: number;
  contractionCents: number;
  churnCents: number;
  netNewCents: number;
  closingMrrCents: number;
  closingPaying: number;
  logoChurnRate: number | null;
  grossRevenueChurnRate: number | null;
};

const signed = (cents: number) => (cents > 0 ? `+${money(cents)}` : cents < 0 ? `−${money(-cents)}` : money(0));

export function MovementsTable({ months }: { months: MovementsRow[] }) {
  return (
    <div className="space-y-2">
      <Table aria-label="MRR movements by month" aria-describedby="mrr-movements-note" scrollRegionLabel="MRR movements by month, scrolls sideways">
        <TableHeader>
          <TableRow>
            <TableHead>Month</TableHead>
            <TableHead className="text-right">Opening MRR</TableHead>
            <TableHead className="text-right">New</TableHead>
            <TableHead className="text-right">Expansion</TableHead>
            <TableHead className="text-right">Reactivation</TableHead>
            <TableHead className="text-right">Contraction</TableHead>
            <TableHead className="text-right">Churn</TableHead>
            <TableHead className="text-right">Net new</TableHead>
            <TableHead className="text-right">Closing MRR</TableHead>
            <TableHead className="text-right">Paying</TableHead>
            <TableHead className="text-right">Logo churn</TableHead>
            <TableHead className="text-right">Revenue churn</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {[...months].reverse().map((m) => (
            <TableRow key={m.month} data-month={m.month}>
              <TableHead scope="row" className="font-medium text-foreground">
                {monthLabel(m.month)}
              </TableHead>
              <TableCell className="text-right tabular-nums">{money(m.openingMrrCents)}</TableCell>
              <TableCell className="text-right tabular-nums">{signed(m.newCents)}</TableCell>
              <TableCell className="text-right tabular-nums">{signed(m.expansionCents)}</TableCell>
              <TableCell className="text-right tabular-nums">{signed(m.reactivationCents)}</TableCell>
              <TableCell className="text-right tabular-nums">{signed(m.contractionCents)}</TableCell>
              <TableCell className="text-right tabular-nums">{signed(m.churnCents)}</TableCell>
              <TableCell className="text-right font-medium tabular-nums">{signed(m.netNewCents)}</TableCell>
              <TableCell className="text-right tabular-nums">{money(m.closingMrrCents)}</TableCell>
              <TableCell className="text-right tabular-nums">{m.closingPaying.toLocaleString("en-US")}</TableCell>
              <TableCell className="text-right tabular-nums">{percent(m.logoChurnRate)}</TableCell>
              <TableCell className="text-right tabular-nums">{percent(m.grossRevenueChurnRate)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <p id="mrr-movements-note" className="text-sm text-muted-foreground">
        Amounts per month, newest first; yearly plans count a twelfth. Churn rates are against the month&apos;s opening figures.
      </p>
    </div>
  );
}

export type PlanMixRow = { label: string; accounts: number; mrrCents: number; mrrShare: number; accountShare: number };

export function PlanMixTable({ plans }: { plans: PlanMixRow[] }) {
  return (
    <Table aria-label="Plan mix" scrollRegionLabel="Plan mix, scrolls sideways">
      <TableHeader>
        <TableRow>
          <TableHead>Plan</TableHead>
          <TableHead className="text-right">Workspaces</TableHead>
          <TableHead className="text-right">Share</TableHead>
          <TableHead className="text-right">MRR</TableHead>
          <TableHead className="text-right">Share of MRR</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {plans.map((p) => (
          <TableRow key={p.label}>
            <TableHead scope="row" className="font-medium text-foreground">
              {p.label}
            </TableHead>
            <TableCell className="text-right tabular-nums">{p.accounts.toLocaleString("en-US")}</TableCell>
            <TableCell className="text-right tabular-nums">{percent(p.accountShare)}</TableCell>
            <TableCell className="text-right tabular-nums">{money(p.mrrCents)}</TableCell>
            <TableCell className="text-right tabular-nums">{percent(p.mrrShare)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
