import type { Metadata } from "next";
import { NoAccess } from "@/components/dashboard/no-access";
import { PageHeader } from "@/components/dashboard/page-header";
import { DomainsManager } from "@/components/settings/domains-manager";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { env } from "@/server/env";
import { rootPort } from "@/server/hosts/parse-host";
import { hasPermission } from "@/server/members/permissions";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";

export const metadata: Metadata = { title: "Domains" };

export default async function DomainsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, denied } = await requireWorkspacePage((await params).tenant, { capability: "view", permission: "tenant:update" });
  if (denied) return <NoAccess denied={denied}>Only owners and admins can manage domains.</NoAccess>;
  return (
    <>
      <PageHeader title="Settings" description="Serve this workspace from your own domain." />
      <SettingsTabs showData={hasPermission(tenant.role, "tenant:delete")} />
      <div className="max-w-3xl">
        {/* The platform's own port (development) applies to custom domains too. */}
        <DomainsManager protocol={env.PUBLIC_PROTOCOL} port={rootPort(env.ROOT_DOMAIN)} />
      </div>
    </>
  );
}
