import type { Metadata } from "next";
import { NoAccess } from "@/components/dashboard/no-access";
import { PageHeader } from "@/components/dashboard/page-header";
import { DeleteWorkspace } from "@/components/settings/delete-workspace";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { WorkspaceExport } from "@/components/settings/workspace-export";
import { env } from "@/server/env";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";

export const metadata: Metadata = { title: "Data export" };

export default async function DataPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, denied } = await requireWorkspacePage((await params).tenant, { capability: "export", permission: "tenant:delete" });
  if (denied) return <NoAccess denied={denied}>Only owners can export the workspace&apos;s data.</NoAccess>;
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
