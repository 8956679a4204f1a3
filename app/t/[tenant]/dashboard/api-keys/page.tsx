import type { Metadata } from "next";
import { connection } from "next/server";
import { ApiKeysManager } from "@/components/api-keys/api-keys-manager";
import { NoAccess } from "@/components/dashboard/no-access";
import { PageHeader } from "@/components/dashboard/page-header";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";

export const metadata: Metadata = { title: "API keys" };

function renderedAt(): number {
  return Date.now();
}

export default async function ApiKeysPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { denied, usage } = await requireWorkspacePage((await params).tenant, { capability: "view", permission: "api-keys:manage" });
  if (denied) return <NoAccess denied={denied}>Only owners and admins can manage API keys.</NoAccess>;
  await connection();
  return (
    <>
      <PageHeader title="API keys" description="Keys for the public API (/api/v1). Each is shown once; only a hash is stored." />
      <ApiKeysManager now={renderedAt()} keyLimit={usage?.limits.apiKeys ?? null} />
    </>
  );
}
