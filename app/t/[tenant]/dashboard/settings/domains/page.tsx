import type { Metadata } from "next";
import { PageHeader } from "@/components/dashboard/page-header";
import { DomainsManager } from "@/components/settings/domains-manager";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { Alert } from "@/components/ui";
import { env } from "@/server/env";
import { rootPort } from "@/server/hosts/parse-host";
import { hasPermission } from "@/server/members/permissions";
import { requireTenantMember } from "@/server/trpc/tenant-surface";

export const metadata: Metadata = { title: "Domains" };

export default async function DomainsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await requireTenantMember((await params).tenant);
  if (!hasPermission(tenant.role, "tenant:update")) {
    return <Alert variant="warning" title="No access">Only owners and admins can manage domains.</Alert>;
  }
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
