import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NoAccess } from "@/components/dashboard/no-access";
import { PageHeader } from "@/components/dashboard/page-header";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { LogoUpload } from "@/components/settings/logo-upload";
import { logoPath } from "@/server/branding/logo";
import { BrandingForm } from "@/components/settings/branding-form";
import { env } from "@/server/env";
import { RenameWorkspaceForm } from "@/components/settings/rename-workspace-form";
import { hasPermission } from "@/lib/permissions";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";
import { withClientMessages } from "@/components/i18n/client-messages";
import { TrpcQueryProvider } from "@/components/trpc/client";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("WorkspaceSettings");
  return { title: t("title") };
}

async function SettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, denied } = await requireWorkspacePage((await params).tenant, { capability: "view", permission: "tenant:update" });
  const t = await getTranslations("WorkspaceSettings");
  if (denied) return <NoAccess denied={denied} title={t("title")}>{t("noAccess")}</NoAccess>;
  return (
    <TrpcQueryProvider>
      <PageHeader title={t("title")} description={t("description")} />
      <SettingsTabs showData={hasPermission(tenant.role, "tenant:delete")} />
      <div className="max-w-xl space-y-6">
        <RenameWorkspaceForm currentName={tenant.name} />
        <LogoUpload key={tenant.logoKey ?? "none"} logoUrl={logoPath(tenant.logoKey)} maxBytes={env.LOGO_MAX_BYTES} name={tenant.name} />
        <BrandingForm brandColor={tenant.brandColor} publicDescription={tenant.publicDescription} name={tenant.name} />
      </div>
    </TrpcQueryProvider>
  );
}

export default withClientMessages(["WorkspaceSettings", "WorkspaceCommon", "WorkspaceBranding"], SettingsPage);
