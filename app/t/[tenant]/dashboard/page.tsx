import type { Metadata } from "next";
import { PageHeader } from "@/components/dashboard/page-header";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui";
import { ROLE_LABELS } from "@/server/members/permissions";
import { requireTenantMember } from "@/server/trpc/tenant-surface";

export const metadata: Metadata = { title: "Overview" };

const STATUS_LABELS = {
  trialing: { label: "Trial", variant: "default" },
  active: { label: "Active", variant: "success" },
  past_due: { label: "Past due", variant: "warning" },
  suspended: { label: "Suspended", variant: "destructive" },
  cancelled: { label: "Cancelled", variant: "outline" },
} as const;

function Stat({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-border bg-card p-4 shadow-sm sm:p-6">
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="mt-1.5 text-lg font-semibold" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function daysLeft(until: Date | null): number | null {
  if (!until) return null;
  return Math.max(0, Math.ceil((until.getTime() - Date.now()) / 86_400_000));
}

export default async function OverviewPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await requireTenantMember((await params).tenant);
  const status = STATUS_LABELS[tenant.status];
  const trialDays = tenant.status === "trialing" ? daysLeft(tenant.trialEndsAt) : null;
  return (
    <>
      <PageHeader title={tenant.name} description={`Your role: ${ROLE_LABELS[tenant.role]}.`} />
      <dl className="grid gap-4 sm:grid-cols-3">
        <Stat label="Status">
          <Badge variant={status.variant}>{status.label}</Badge>
        </Stat>
        <Stat label="Trial" testId="trial-days">
          {trialDays === null ? "—" : `${trialDays} day${trialDays === 1 ? "" : "s"} left`}
        </Stat>
        <Stat label="Members" testId="member-count">
          {tenant.memberCount}
        </Stat>
      </dl>
    </>
  );
}
