import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ApexSignIn } from "@/components/auth/apex-sign-in";
import { AuthCard } from "@/components/auth/auth-card";
import { marketingLocale } from "@/server/i18n/marketing-locale";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await marketingLocale(params);
  return { title: (await getTranslations("MarketingAuth"))("signInTitle") };
}

export default async function SignInPage({ params }: Props) {
  await marketingLocale(params);
  const t = await getTranslations("MarketingAuth");
  return (
    <AuthCard title={t("signInHeading")} description={t("signInLead")}>
      <ApexSignIn />
    </AuthCard>
  );
}
