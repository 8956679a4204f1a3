import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NoAccess } from "@/components/dashboard/no-access";
import { PageHeader } from "@/components/dashboard/page-header";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { SsoSettings } from "@/components/sso/sso-settings";
import { SecuritySettings } from "@/app/t/[tenant]/dashboard/settings/security-settings";
import { hasPermission } from "@/lib/permissions";
import { ssoCallbackUrl } from "@/server/sso/sso-sign-in";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";
import { withClientMessages } from "@/components/i18n/client-messages";
import { TrpcQueryProvider } from "@/components/trpc/client";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("WorkspaceSecurity");
  return { title: t("title") };
}

async function SecurityPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, denied } = await requireWorkspacePage((await params).tenant, { capability: "view", permission: "tenant:update" });
  const t = await getTranslations("WorkspaceSecurity");
  const ts = await getTranslations("WorkspaceSettings");
  if (denied) return <NoAccess denied={denied} title={ts("title")}>{t("noAccess")}</NoAccess>;
  return (
    <TrpcQueryProvider>
      <PageHeader title={ts("title")} description={t("description")} />
      <SettingsTabs showData={hasPermission(tenant.role, "tenant:delete")} />
      <div className="max-w-2xl space-y-8">
        <SecuritySettings tenant={tenant} />
        <SsoSettings canManage={hasPermission(tenant.role, "sso:manage")} callbackUrl={ssoCallbackUrl()} />
      </div>
    </TrpcQueryProvider>
  );
}

export default withClientMessages(["WorkspaceSettings", "WorkspaceSso", "WorkspaceCommon", "WorkspaceSecurity"], SecurityPage);
