import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AccountDeletedNotice } from "@/components/marketing/account-deleted-notice";
import { buttonClassName } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { marketingPath } from "@/lib/i18n/locales";
import { marketingLocale } from "@/server/i18n/marketing-locale";

const FEATURES = ["workspaces", "billing", "usage", "audit"] as const;

export default async function LandingPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await marketingLocale(params);
  const t = await getTranslations("MarketingLanding");
  return (
    <>
      <AccountDeletedNotice />
      <section className="mx-auto max-w-6xl px-4 py-20 text-center sm:py-28">
        <h1 className="mx-auto max-w-3xl text-4xl font-bold tracking-tight text-balance sm:text-5xl">{t("title")}</h1>
        <p className="mx-auto mt-6 max-w-2xl text-lg text-pretty text-muted-foreground">{t("lead")}</p>
        <div className="mt-10 flex flex-wrap justify-center gap-3">
          <Link href={marketingPath(locale, "/sign-up")} className={buttonClassName({ size: "lg" })}>
            {t("startTrial")}
          </Link>
          <Link href={marketingPath(locale, "/sign-in")} className={buttonClassName({ size: "lg", variant: "outline" })}>
            {t("signIn")}
          </Link>
        </div>
        <p className="mt-4 text-sm text-muted-foreground">{t("noCard")}</p>
      </section>
      <section aria-labelledby="features" className="mx-auto max-w-6xl px-4 pb-24">
        <h2 id="features" className="sr-only">
          {t("features")}
        </h2>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {FEATURES.map((id) => (
            <Card key={id}>
              <CardHeader>
                <CardTitle>{t(`feature.${id}.title`)}</CardTitle>
                <CardDescription>{t(`feature.${id}.body`)}</CardDescription>
              </CardHeader>
              <CardContent />
            </Card>
          ))}
        </div>
      </section>
    </>
  );
}
