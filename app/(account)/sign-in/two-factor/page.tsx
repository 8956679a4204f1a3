import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { SecondFactorPage } from "@/app/(account)/sign-in/two-factor/second-factor-page";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AuthTwoFactor");
  return { title: t("title") };
}

export default function ApexSecondFactorPage() {
  return <SecondFactorPage />;
}
