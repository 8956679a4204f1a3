import type { Metadata } from "next";
import { SecondFactorPage } from "@/app/(account)/sign-in/two-factor/second-factor-page";
import { requireHostTenant } from "@/server/trpc/tenant-surface";

export const metadata: Metadata = { title: "Two-factor authentication" };

export default async function TenantSecondFactorPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await requireHostTenant((await params).tenant);
  return (
    <main id="main">
      <SecondFactorPage title={`Sign in to ${tenant!.name}`} />
    </main>
  );
}
