import type { Metadata } from "next";
import Link from "next/link";
import { describeAuditEvent } from "@/components/audit/describe-event";
import { NoAccess } from "@/components/dashboard/no-access";
import { PageHeader } from "@/components/dashboard/page-header";
import { buttonClassName } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { AuditFilterForm } from "@/components/audit/audit-filter-form";
import { ZAuditFilters } from "@/server/audit/audit-filters";
import { getEntitlements } from "@/server/billing/plan-overrides";
import { serverCaller } from "@/server/trpc/server";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";

export const metadata: Metadata = { title: "Audit log" };

const timeFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

type Props = { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | undefined>> };

export default async function AuditLogPage({ params, searchParams }: Props) {
  const { tenant, denied } = await requireWorkspacePage((await params).tenant, { capability: "view", permission: "audit:read" });
  if (denied) return <NoAccess denied={denied}>Only owners and admins can read the audit log.</NoAccess>;
  const query = await searchParams;
  const requested = Number(query.page ?? 1);
  const page = Number.isInteger(requested) && requested >= 1 && requested <= 100_000 ? requested : 1;
  const parsed = ZAuditFilters.safeParse({ actor: query.actor, action: query.action, from: query.from, to: query.to, q: query.q });
  const filters = parsed.success ? parsed.data : {};
  const caller = await serverCaller();
  const [log, members, entitlements] = await Promise.all([
    caller.audit.list({ page, pageSize: 25, filters }),
    caller.member.list(),
    getEntitlements({ tenantId: tenant.id }),
  ]);
  const filterQuery = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
  const pageHref = (p: number) => `/dashboard/audit?${new URLSearchParams([...filterQuery, ["page", String(p)]])}`;
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did what in this workspace, when, and from where. Times are UTC."
        actions={
          entitlements.features.auditLogExport ? (
            <a href={`/dashboard/audit/export?${filterQuery}`} className={buttonClassName({ variant: "outline", size: "sm" })} download>
              Export CSV
            </a>
          ) : (
            <span className="text-sm text-muted-foreground">
              CSV export is included in Pro and above. <Link href="/dashboard/billing" className="underline">Upgrade</Link>
            </span>
          )
        }
      />
      <AuditFilterForm filters={filters} actions={log.actions} members={members.map((m) => ({ id: m.userId, label: m.name }))} error={parsed.success ? undefined : parsed.error.issues[0]?.message} />
      {log.items.length === 0 ? (
        <EmptyState
          title={filterQuery.size ? "No matching events" : "Nothing here yet"}
          description={filterQuery.size ? "Try other filters." : page > 1 ? "This page is past the end of the log." : "Changes to this workspace will appear here."}
        />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>When</TableHead>
              <TableHead>Who</TableHead>
              <TableHead>What</TableHead>
              <TableHead>From</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {log.items.map((e) => (
              <TableRow key={e.id}>
                <TableCell className="text-muted-foreground sm:whitespace-nowrap">
                  <time dateTime={e.createdAt.toISOString()}>{timeFormat.format(e.createdAt)}</time>
                </TableCell>
                <TableCell>{e.actorName ?? <span className="text-muted-foreground">System</span>}</TableCell>
                <TableCell>
                  <span className="block">{describeAuditEvent(e.action, e.metadata)}</span>
                  <code className="text-xs text-muted-foreground">{e.action}</code>
                </TableCell>
                <TableCell className="max-w-56 text-xs text-muted-foreground">
                  <span className="block">{e.ip ?? "—"}</span>
                  <span className="block truncate" title={e.userAgent ?? undefined}>{e.userAgent ?? ""}</span>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <nav aria-label="Audit log pages" className="mt-4 flex items-center justify-between text-sm">
        <span className="text-muted-foreground">
          Page {log.page} of {log.pageCount} · {log.total} events
        </span>
        <div className="flex gap-2">
          {page > 1 ? (
            <Link href={pageHref(page - 1)} className={buttonClassName({ variant: "outline", size: "sm" })}>
              Previous
            </Link>
          ) : null}
          {page < log.pageCount ? (
            <Link href={pageHref(page + 1)} className={buttonClassName({ variant: "outline", size: "sm" })}>
              Next
            </Link>
          ) : null}
        </div>
      </nav>
    </>
  );
}
