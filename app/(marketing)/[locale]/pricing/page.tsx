import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PricingTable } from "@/components/pricing/pricing-table";
import { marketingLocale } from "@/server/i18n/marketing-locale";

type Props = { params: Promise<{ locale: string }> };

const FAQ = ["trial", "change", "yearly", "failed", "cancel"] as const;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await marketingLocale(params);
  const t = await getTranslations("MarketingPricing");
  return { title: t("metaTitle") };
}

export default async function PricingPage({ params }: Props) {
  await marketingLocale(params);
  const t = await getTranslations("MarketingPricing");
  return (
    <div className="mx-auto max-w-6xl space-y-16 px-4 py-16">
      <header className="text-center">
        <h1 className="text-4xl font-bold tracking-tight">{t("title")}</h1>
        <p className="mt-4 text-lg text-muted-foreground">{t("lead")}</p>
      </header>
      <PricingTable />
      <section aria-labelledby="faq-heading" className="mx-auto max-w-3xl">
        <h2 id="faq-heading" className="mb-4 text-2xl font-semibold tracking-tight">
          {t("faqTitle")}
        </h2>
        <div className="divide-y divide-border rounded-md border border-border">
          {FAQ.map((id) => (
            <details key={id} className="group">
              {/* The whole row is the target, not just the line of text. */}
              <summary className="cursor-pointer p-4 font-medium marker:text-muted-foreground">{t(`faq.${id}.q`)}</summary>
              <p className="-mt-2 px-4 pb-4 text-sm text-muted-foreground">{t(`faq.${id}.a`)}</p>
            </details>
          ))}
        </div>
      </section>
    </div>
  );
}
