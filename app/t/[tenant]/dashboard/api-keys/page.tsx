import type { Metadata } from "next";
import { connection } from "next/server";
import { ApiKeysManager } from "@/components/api-keys/api-keys-manager";
import { PageHeader } from "@/components/dashboard/page-header";
import { Alert } from "@/components/ui";
import { hasPermission } from "@/server/members/permissions";
import { requireTenantMember } from "@/server/trpc/tenant-surface";

export const metadata: Metadata = { title: "API keys" };

function renderedAt(): number {
  return Date.now();
}

export default async function ApiKeysPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await requireTenantMember((await params).tenant);
  if (!hasPermission(tenant.role, "api-keys:manage")) {
    return <Alert variant="warning" title="No access">Only owners and admins can manage API keys.</Alert>;
  }
  await connection();
  return (
    <>
      <PageHeader title="API keys" description="Keys for the public API (/api/v1). Each is shown once; only a hash is stored." />
      <ApiKeysManager now={renderedAt()} />
    </>
  );
}
