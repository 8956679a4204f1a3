import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NoAccess } from "@/components/dashboard/no-access";
import { PageHeader } from "@/components/dashboard/page-header";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { WebhooksManager } from "@/components/webhooks/webhooks-manager";
import { hasPermission } from "@/lib/permissions";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";
import { withClientMessages } from "@/components/i18n/client-messages";
import { TrpcQueryProvider } from "@/components/trpc/client";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("WorkspaceWebhooks");
  return { title: t("title") };
}

async function WebhooksPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, denied } = await requireWorkspacePage((await params).tenant, { capability: "view", permission: "tenant:update" });
  const t = await getTranslations("WorkspaceWebhooks");
  const ts = await getTranslations("WorkspaceSettings");
  if (denied) return <NoAccess denied={denied} title={ts("title")}>{t("noAccess")}</NoAccess>;
  return (
    <TrpcQueryProvider>
      <PageHeader title={ts("title")} description={t("description")} />
      <SettingsTabs showData={hasPermission(tenant.role, "tenant:delete")} />
      <div className="max-w-3xl">
        <WebhooksManager />
      </div>
    </TrpcQueryProvider>
  );
}

export default withClientMessages(["WorkspaceSettings", "WorkspaceWebhooks", "WorkspaceCommon"], WebhooksPage);
