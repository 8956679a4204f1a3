import Link from "next/link";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { InsightRankRow } from "@/server/operators/list-insight-rankings";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** One ranked list of the insights page: score, the reasons in words (with their points), when computed. */
export function InsightRankTable({ rows, caption, scoreLabel }: { rows: InsightRankRow[]; caption: string; scoreLabel: string }) {
  return (
    <Table aria-label={caption}>
      <TableHeader>
        <TableRow>
          <TableHead className="w-10 text-right">#</TableHead>
          <TableHead>Workspace</TableHead>
          <TableHead>Plan</TableHead>
          <TableHead className="text-right">{scoreLabel}</TableHead>
          <TableHead>Why</TableHead>
          <TableHead>Computed (UTC)</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row, i) => (
          <TableRow key={row.workspace.id}>
            <TableCell className="text-right tabular-nums text-muted-foreground">{i + 1}</TableCell>
            <TableCell>
              <Link href={`/workspaces/${row.workspace.id}`} className="font-medium underline-offset-4 hover:underline">
                {row.workspace.name}
              </Link>
              <div className="text-xs text-muted-foreground">
                {row.workspace.slug} · {row.status.replace("_", " ")}
              </div>
            </TableCell>
            <TableCell>{row.planName}</TableCell>
            <TableCell className="text-right text-base font-semibold tabular-nums">
              {row.score}
              <span className="text-xs font-normal text-muted-foreground"> / 100</span>
            </TableCell>
            <TableCell>
              {row.reasons.length ? (
                <ul className="space-y-0.5">
                  {row.reasons.map((reason) => (
                    <li key={reason.code}>
                      {reason.text} <span className="text-xs text-muted-foreground tabular-nums">+{reason.points.toLocaleString("en-US", { maximumFractionDigits: 1 })}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="text-muted-foreground">—</span>
              )}
            </TableCell>
            <TableCell className="whitespace-nowrap text-muted-foreground">{dateFormat.format(row.computedAt)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
