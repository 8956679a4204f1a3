import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { connection } from "next/server";
import { ApiKeysManager } from "@/components/api-keys/api-keys-manager";
import { NoAccess } from "@/components/dashboard/no-access";
import { PageHeader } from "@/components/dashboard/page-header";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";
import { withClientMessages } from "@/components/i18n/client-messages";
import { TrpcQueryProvider } from "@/components/trpc/client";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("WorkspaceApiKeys");
  return { title: t("title") };
}

function renderedAt(): number {
  return Date.now();
}

async function ApiKeysPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { denied, usage } = await requireWorkspacePage((await params).tenant, { capability: "view", permission: "api-keys:manage" });
  const t = await getTranslations("WorkspaceApiKeys");
  if (denied) return <NoAccess denied={denied} title={t("title")}>{t("noAccess")}</NoAccess>;
  await connection();
  return (
    <TrpcQueryProvider>
      <PageHeader title={t("title")} description={t("description")} />
      <ApiKeysManager now={renderedAt()} keyLimit={usage?.limits.apiKeys ?? null} />
    </TrpcQueryProvider>
  );
}

export default withClientMessages(["WorkspaceApiKeys", "WorkspaceCommon"], ApiKeysPage);
