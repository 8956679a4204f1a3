import Link from "next/link";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { WorkspaceSort } from "@/lib/operator-workspace-query";
import { formatMoney, PLANS, type PlanId } from "@/lib/plans";

/** One row of the list, as the page hands it over (components never import server code). */
export type WorkspaceListRow = {
  id: string;
  slug: string;
  name: string;
  status: string;
  planId: string;
  ownerEmail: string | null;
  mrrCents: number;
  usageUnits: number;
  overQuota: boolean;
  lastActiveAt: Date | null;
  createdAt: Date;
  trialEndsAt: Date | null;
  deletedAt: Date | null;
};

export type SortLink = { sort: WorkspaceSort; label: string; href: string; active: "ascending" | "descending" | null; numeric?: boolean };

const STATUS_BADGE: Record<string, BadgeVariant> = { trialing: "outline", active: "success", past_due: "warning", suspended: "destructive", cancelled: "outline" };
const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });
const numberFormat = new Intl.NumberFormat("en-US");
const day = (d: Date | null) => (d ? dateFormat.format(d) : "—");

function SortHeader({ link }: { link: SortLink }) {
  return (
    <TableHead aria-sort={link.active ?? "none"} className={link.numeric ? "text-right" : undefined}>
      <Link href={link.href} className="inline-flex items-center gap-1 rounded hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
        {link.label}
        <span aria-hidden="true">{link.active === "ascending" ? "↑" : link.active === "descending" ? "↓" : ""}</span>
        <span className="sr-only">{link.active ? `, sorted ${link.active}; activate to reverse` : ", activate to sort"}</span>
      </Link>
    </TableHead>
  );
}

/** The operator console's workspace list: one row per workspace, each linking to its detail. */
export function WorkspaceTable({ rows, sortLinks }: { rows: WorkspaceListRow[]; sortLinks: Record<WorkspaceSort, SortLink> }) {
  return (
    <Table aria-label="Workspaces">
      <TableHeader>
        <TableRow>
          <TableHead>Workspace</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Plan</TableHead>
          <TableHead>Owner</TableHead>
          <SortHeader link={sortLinks.mrr} />
          <SortHeader link={sortLinks.usage} />
          <SortHeader link={sortLinks.last_active} />
          <SortHeader link={sortLinks.created} />
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((w) => (
          <TableRow key={w.id} data-workspace={w.slug}>
            <TableCell className="min-w-40">
              <Link href={`/workspaces/${w.id}`} className="font-medium text-primary underline-offset-4 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
                {w.name}
              </Link>
              <p className="font-mono text-xs text-muted-foreground">{w.slug}</p>
            </TableCell>
            <TableCell>
              <div className="flex flex-wrap gap-1">
                <Badge variant={STATUS_BADGE[w.status] ?? "outline"}>{w.status.replace("_", " ")}</Badge>
                {w.deletedAt ? <Badge variant="destructive">deleted</Badge> : null}
              </div>
              {w.status === "trialing" && w.trialEndsAt ? <p className="mt-1 whitespace-nowrap text-xs text-muted-foreground">ends {day(w.trialEndsAt)}</p> : null}
            </TableCell>
            <TableCell className="whitespace-nowrap">{PLANS[w.planId as PlanId]?.name ?? w.planId}</TableCell>
            <TableCell className="max-w-56 truncate" title={w.ownerEmail ?? undefined}>
              {w.ownerEmail ?? "—"}
            </TableCell>
            <TableCell className="text-right tabular-nums">{formatMoney(w.mrrCents)}</TableCell>
            <TableCell className="whitespace-nowrap text-right tabular-nums">
              {numberFormat.format(w.usageUnits)}
              {w.overQuota ? (
                <Badge variant="destructive" className="ml-2">
                  over quota
                </Badge>
              ) : null}
            </TableCell>
            <TableCell className="whitespace-nowrap text-right text-xs text-muted-foreground">{w.lastActiveAt ? day(w.lastActiveAt) : "never"}</TableCell>
            <TableCell className="whitespace-nowrap text-right text-xs text-muted-foreground">{day(w.createdAt)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
