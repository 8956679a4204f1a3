import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NoAccess } from "@/components/dashboard/no-access";
import { PageHeader } from "@/components/dashboard/page-header";
import { InsightsView } from "@/components/insights/insights-view";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";
import { withClientMessages } from "@/components/i18n/client-messages";
import { TrpcQueryProvider } from "@/components/trpc/client";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("BillingInsights");
  return { title: t("title") };
}

async function InsightsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { denied } = await requireWorkspacePage((await params).tenant, { capability: "view", permission: "tenant:update" });
  const t = await getTranslations("BillingInsights");
  if (denied) return <NoAccess denied={denied} title={t("title")}>{t("noAccess")}</NoAccess>;
  return (
    <TrpcQueryProvider>
      <PageHeader title={t("title")} description={t("description")} />
      <InsightsView />
    </TrpcQueryProvider>
  );
}

export default withClientMessages(["BillingInsights", "BillingUsage", "BillingChart"], InsightsPage);
