import type { Metadata } from "next";
import { NoAccess } from "@/components/dashboard/no-access";
import { PageHeader } from "@/components/dashboard/page-header";
import { InsightsView } from "@/components/insights/insights-view";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";

export const metadata: Metadata = { title: "Insights" };

export default async function InsightsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { denied } = await requireWorkspacePage((await params).tenant, { capability: "view", permission: "tenant:update" });
  if (denied) return <NoAccess denied={denied}>Only owners and admins can see insights.</NoAccess>;
  return (
    <>
      <PageHeader title="Insights" description="What your usage says: trends, anomalies, when a quota fills up, whether your plan fits, and what to tidy up. Dates are in UTC." />
      <InsightsView />
    </>
  );
}
