import type { Metadata } from "next";
import { PageHeader } from "@/components/dashboard/page-header";
import { Badge, Card, CardDescription, CardHeader, CardTitle } from "@/components/ui";
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
      <PageHeader title={tenant.name} description={`You are ${ROLE_LABELS[tenant.role].toLowerCase()} of this workspace.`} />
      <dl className="grid gap-4 sm:grid-cols-3">
        <Card>
          <CardHeader>
            <CardDescription>
              <dt>Status</dt>
            </CardDescription>
            <CardTitle>
              <dd>
                <Badge variant={status.variant}>{status.label}</Badge>
              </dd>
            </CardTitle>
          </CardHeader>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>
              <dt>Trial</dt>
            </CardDescription>
            <CardTitle>
              <dd data-testid="trial-days">
                {trialDays === null ? "—" : `${trialDays} day${trialDays === 1 ? "" : "s"} left`}
              </dd>
            </CardTitle>
          </CardHeader>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>
              <dt>Members</dt>
            </CardDescription>
            <CardTitle>
              <dd data-testid="member-count">{tenant.memberCount}</dd>
            </CardTitle>
          </CardHeader>
        </Card>
      </dl>
    </>
  );
}
