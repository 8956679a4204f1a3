import Link from "next/link";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatMoney } from "@/lib/plans";

/** One workspace below its target in a month, as the console's SLA list shows it. */
export type SlaBreachTableRow = {
  workspace: { id: string; slug: string; name: string };
  planName: string;
  target: number | null;
  availability: number | null;
  badMinutes: number;
  eligibleMinutes: number;
  errorRate: number | null;
  p99Ms: number | null;
  creditPercent: number;
  creditCents: number | null;
};

const num = (n: number) => n.toLocaleString("en-US");
const latency = (ms: number | null) => (ms === null ? "—" : Number.isFinite(ms) ? `≤ ${num(ms)} ms` : "> 5,000 ms");

export function SlaBreachTable({ rows, caption }: { rows: SlaBreachTableRow[]; caption: string }) {
  return (
    <Table aria-label={caption}>
      <TableHeader>
        <TableRow>
          <TableHead>Workspace</TableHead>
          <TableHead>Plan</TableHead>
          <TableHead className="text-right">Target</TableHead>
          <TableHead className="text-right">Availability</TableHead>
          <TableHead className="text-right">Bad minutes</TableHead>
          <TableHead className="text-right">Error rate</TableHead>
          <TableHead className="text-right">p99</TableHead>
          <TableHead className="text-right">Credit</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.workspace.id}>
            <TableCell>
              <Link href={`/workspaces/${row.workspace.id}`} className="font-medium underline-offset-4 hover:underline">
                {row.workspace.name}
              </Link>
              <div className="text-xs text-muted-foreground">{row.workspace.slug}</div>
            </TableCell>
            <TableCell>{row.planName}</TableCell>
            <TableCell className="text-right tabular-nums">{row.target === null ? "—" : `${row.target} %`}</TableCell>
            <TableCell className="text-right tabular-nums">{row.availability === null ? "—" : `${row.availability.toFixed(4)} %`}</TableCell>
            <TableCell className="text-right tabular-nums">
              {num(row.badMinutes)} <span className="text-muted-foreground">of {num(row.eligibleMinutes)}</span>
            </TableCell>
            <TableCell className="text-right tabular-nums">{row.errorRate === null ? "—" : `${row.errorRate.toFixed(3)} %`}</TableCell>
            <TableCell className="text-right tabular-nums">{latency(row.p99Ms)}</TableCell>
            <TableCell className="text-right tabular-nums">
              {row.creditPercent} %{row.creditCents !== null ? <span className="block text-xs text-muted-foreground">{formatMoney(row.creditCents)}</span> : null}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
