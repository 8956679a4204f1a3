import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ApexSignIn } from "@/components/auth/apex-sign-in";
import { AuthCard } from "@/components/auth/auth-card";
import { IntlProvider } from "@/components/i18n/intl-provider";
import { marketingLocale } from "@/server/i18n/marketing-locale";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await marketingLocale(params);
  return { title: (await getTranslations("MarketingAuth"))("signInTitle") };
}

export default async function SignInPage({ params }: Props) {
  const locale = await marketingLocale(params);
  const t = await getTranslations("MarketingAuth");
  return (
    <AuthCard title={t("signInHeading")} description={t("signInLead")}>
      {/* The passkey prompt's words are the account area's. */}
      <IntlProvider areas={["common", "marketing", "auth", "account"]} locale={locale}>
        <ApexSignIn />
      </IntlProvider>
    </AuthCard>
  );
}
