import type { Metadata } from "next";
import { PageHeader } from "@/components/dashboard/page-header";
import { Alert } from "@/components/ui";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { LogoUpload } from "@/components/settings/logo-upload";
import { logoPath } from "@/server/branding/logo";
import { BrandingForm } from "@/components/settings/branding-form";
import { env } from "@/server/env";
import { RenameWorkspaceForm } from "@/components/settings/rename-workspace-form";
import { hasPermission } from "@/server/members/permissions";
import { requireTenantMember } from "@/server/trpc/tenant-surface";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await requireTenantMember((await params).tenant);
  if (!hasPermission(tenant.role, "tenant:update")) {
    return <Alert variant="warning" title="No access">Only owners and admins can change workspace settings.</Alert>;
  }
  return (
    <>
      <PageHeader title="Settings" description="Manage how this workspace is named and shown." />
      <SettingsTabs showData={hasPermission(tenant.role, "tenant:delete")} />
      <div className="max-w-xl space-y-6">
        <RenameWorkspaceForm key={tenant.name} currentName={tenant.name} />
        <LogoUpload key={tenant.logoKey ?? "none"} logoUrl={logoPath(tenant.logoKey)} maxBytes={env.LOGO_MAX_BYTES} name={tenant.name} />
        <BrandingForm key={`${tenant.brandColor}-${tenant.publicDescription}`} brandColor={tenant.brandColor} publicDescription={tenant.publicDescription} name={tenant.name} />
      </div>
    </>
  );
}
