import Link from "next/link";
import { useTranslations } from "next-intl";

/** The Overview's one card with the latest report's most important finding, linking to Insights. */
export function TopInsightCard({ insight }: { insight: { kind: string; title: string; text: string } }) {
  const t = useTranslations("BillingInsights.top");
  return (
    <section aria-labelledby="top-insight-heading" data-testid="top-insight" data-kind={insight.kind} className="mt-8 max-w-xl rounded-lg border border-primary/30 bg-primary/5 p-4 sm:p-6">
      <p className="text-xs font-medium tracking-wide text-muted-foreground uppercase">{t("label")}</p>
      <h2 id="top-insight-heading" className="mt-1 font-semibold">
        {insight.title}
      </h2>
      <p className="mt-1 text-sm">{insight.text}</p>
      <Link href="/dashboard/insights" className="mt-3 inline-block text-sm font-medium text-primary underline-offset-4 hover:underline focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none">
        {t("link")}
      </Link>
    </section>
  );
}
