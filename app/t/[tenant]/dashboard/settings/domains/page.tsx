import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NoAccess } from "@/components/dashboard/no-access";
import { PageHeader } from "@/components/dashboard/page-header";
import { DomainsManager } from "@/components/settings/domains-manager";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { env } from "@/server/env";
import { rootPort } from "@/server/hosts/parse-host";
import { hasPermission } from "@/lib/permissions";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";
import { withClientMessages } from "@/components/i18n/client-messages";
import { TrpcQueryProvider } from "@/components/trpc/client";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("WorkspaceDomains");
  return { title: t("title") };
}

async function DomainsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, denied } = await requireWorkspacePage((await params).tenant, { capability: "view", permission: "tenant:update" });
  const t = await getTranslations("WorkspaceDomains");
  const ts = await getTranslations("WorkspaceSettings");
  if (denied) return <NoAccess denied={denied} title={ts("title")}>{t("noAccess")}</NoAccess>;
  return (
    <TrpcQueryProvider>
      <PageHeader title={ts("title")} description={t("description")} />
      <SettingsTabs showData={hasPermission(tenant.role, "tenant:delete")} />
      <div className="max-w-3xl">
        {/* The platform's own port (development) applies to custom domains too. */}
        <DomainsManager protocol={env.PUBLIC_PROTOCOL} port={rootPort(env.ROOT_DOMAIN)} />
      </div>
    </TrpcQueryProvider>
  );
}

export default withClientMessages(["WorkspaceDomains", "WorkspaceCommon", "WorkspaceSettings"], DomainsPage);
