import type { Metadata } from "next";
import { NoAccess } from "@/components/dashboard/no-access";
import { PageHeader } from "@/components/dashboard/page-header";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { WebhooksManager } from "@/components/webhooks/webhooks-manager";
import { hasPermission } from "@/lib/permissions";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, denied } = await requireWorkspacePage((await params).tenant, { capability: "view", permission: "tenant:update" });
  if (denied) return <NoAccess denied={denied}>Only owners and admins can manage webhooks.</NoAccess>;
  return (
    <>
      <PageHeader title="Settings" description="Tell your other systems what happens in this workspace, as signed HTTP requests." />
      <SettingsTabs showData={hasPermission(tenant.role, "tenant:delete")} />
      <div className="max-w-3xl">
        <WebhooksManager />
      </div>
    </>
  );
}
