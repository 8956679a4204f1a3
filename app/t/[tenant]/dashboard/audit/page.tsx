import type { Metadata } from "next";
import Link from "next/link";
import { describeAuditEvent } from "@/components/audit/describe-event";
import { PageHeader } from "@/components/dashboard/page-header";
import { Alert, buttonClassName, EmptyState, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui";
import { hasPermission } from "@/server/members/permissions";
import { serverCaller } from "@/server/trpc/server";
import { requireTenantMember } from "@/server/trpc/tenant-surface";

export const metadata: Metadata = { title: "Audit log" };

const timeFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

type Props = { params: Promise<{ tenant: string }>; searchParams: Promise<{ page?: string }> };

export default async function AuditLogPage({ params, searchParams }: Props) {
  const { tenant } = await requireTenantMember((await params).tenant);
  if (!hasPermission(tenant.role, "audit:read")) {
    return <Alert variant="warning" title="No access">Only owners and admins can read the audit log.</Alert>;
  }
  const requested = Number((await searchParams).page ?? 1);
  const page = Number.isInteger(requested) && requested >= 1 && requested <= 100_000 ? requested : 1;
  const log = await (await serverCaller()).audit.list({ page, pageSize: 25 });
  return (
    <>
      <PageHeader title="Audit log" description="Who did what in this workspace, when, and from where. Times are UTC." />
      {log.items.length === 0 ? (
        <EmptyState title="Nothing here yet" description={page > 1 ? "This page is past the end of the log." : "Changes to this workspace will appear here."} />
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
            <Link href={`/dashboard/audit?page=${page - 1}`} className={buttonClassName({ variant: "outline", size: "sm" })}>
              Previous
            </Link>
          ) : null}
          {page < log.pageCount ? (
            <Link href={`/dashboard/audit?page=${page + 1}`} className={buttonClassName({ variant: "outline", size: "sm" })}>
              Next
            </Link>
          ) : null}
        </div>
      </nav>
    </>
  );
}
