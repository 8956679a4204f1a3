import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NoAccess } from "@/components/dashboard/no-access";
import { PageHeader } from "@/components/dashboard/page-header";
import { DeleteWorkspace } from "@/components/settings/delete-workspace";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { WorkspaceExport } from "@/components/settings/workspace-export";
import { env } from "@/server/env";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";
import { withClientMessages } from "@/components/i18n/client-messages";
import { TrpcQueryProvider } from "@/components/trpc/client";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("WorkspaceData");
  return { title: t("title") };
}

async function DataPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, denied } = await requireWorkspacePage((await params).tenant, { capability: "export", permission: "tenant:delete" });
  const t = await getTranslations("WorkspaceData");
  const ts = await getTranslations("WorkspaceSettings");
  if (denied) return <NoAccess denied={denied} title={ts("title")}>{t("noAccess")}</NoAccess>;
  return (
    <TrpcQueryProvider>
      <PageHeader title={ts("title")} description={t("description")} />
      <SettingsTabs showData />
      <div className="max-w-2xl space-y-6">
        <WorkspaceExport retentionDays={env.EXPORT_RETENTION_DAYS} />
        <DeleteWorkspace slug={tenant.slug} retentionDays={env.WORKSPACE_RETENTION_DAYS} />
      </div>
    </TrpcQueryProvider>
  );
}

export default withClientMessages(["WorkspaceData", "WorkspaceSettings"], DataPage);
