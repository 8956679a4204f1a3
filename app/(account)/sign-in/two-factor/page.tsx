import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { SecondFactorPage } from "@/app/(account)/sign-in/two-factor/second-factor-page";
import { withClientMessages } from "@/components/i18n/client-messages";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AuthTwoFactor");
  return { title: t("title") };
}

function ApexSecondFactorPage() {
  return <SecondFactorPage />;
}

export default withClientMessages(["AuthTwoFactor", "AccountPasskeyPrompt"], ApexSecondFactorPage);
