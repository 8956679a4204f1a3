import type { Metadata } from "next";
import { PageHeader } from "@/components/dashboard/page-header";
import { DeleteWorkspace } from "@/components/settings/delete-workspace";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { WorkspaceExport } from "@/components/settings/workspace-export";
import { Alert } from "@/components/ui";
import { env } from "@/server/env";
import { hasPermission } from "@/server/members/permissions";
import { requireTenantMember } from "@/server/trpc/tenant-surface";

export const metadata: Metadata = { title: "Data export" };

export default async function DataPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await requireTenantMember((await params).tenant);
  if (!hasPermission(tenant.role, "tenant:delete")) {
    return <Alert variant="warning" title="No access">Only owners can export the workspace&apos;s data.</Alert>;
  }
  return (
    <>
      <PageHeader title="Settings" description="Take your data with you, or delete the workspace." />
      <SettingsTabs showData />
      <div className="max-w-2xl space-y-6">
        <WorkspaceExport retentionDays={env.EXPORT_RETENTION_DAYS} />
        <DeleteWorkspace slug={tenant.slug} retentionDays={env.WORKSPACE_RETENTION_DAYS} />
      </div>
    </>
  );
}
