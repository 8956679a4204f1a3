import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { SecondFactorPage } from "@/app/(account)/sign-in/two-factor/second-factor-page";
import { requireHostTenant } from "@/server/trpc/tenant-surface";
import { withClientMessages } from "@/components/i18n/client-messages";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AuthTwoFactor");
  return { title: t("title") };
}

async function TenantSecondFactorPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await requireHostTenant((await params).tenant);
  const t = await getTranslations("AuthSignIn");
  return (
    <main id="main">
      <SecondFactorPage title={t("tenantTitle", { tenant: tenant!.name })} />
    </main>
  );
}

export default withClientMessages(["AuthTwoFactor", "AccountPasskeyPrompt"], TenantSecondFactorPage);
