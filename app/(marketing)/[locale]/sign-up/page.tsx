import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ApexSignUp } from "@/components/auth/apex-sign-up";
import { marketingLocale } from "@/server/i18n/marketing-locale";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await marketingLocale(params);
  return { title: (await getTranslations("MarketingAuth"))("signUpTitle") };
}

export default async function SignUpPage({ params }: Props) {
  await marketingLocale(params);
  return <ApexSignUp />;
}
