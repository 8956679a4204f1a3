import type { Metadata } from "next";
import { PricingTable } from "@/components/pricing/pricing-table";

export const metadata: Metadata = { title: "Pricing" };

const FAQ = [
  { q: "How does the trial work?", a: "Every new workspace gets 14 days of Pro, no card required. Choose a plan any time; if you don't, the workspace is paused when the trial ends and nothing is deleted." },
  { q: "Can I change plans later?", a: "Yes. Upgrades and downgrades take effect at once; the price difference for the rest of the period is charged or credited (prorated)." },
  { q: "What does yearly billing save?", a: "Yearly plans cost ten times the monthly price: two months free." },
  { q: "What happens if a payment fails?", a: `We retry and email your billing contacts. The workspace stays usable during a grace period, then it is suspended until the payment method is updated.` },
  { q: "Can I cancel?", a: "Any time, from Billing. Your plan stays active until the end of the period you paid for." },
];

export default function PricingPage() {
  return (
    <div className="mx-auto max-w-6xl space-y-16 px-4 py-16">
      <header className="text-center">
        <h1 className="text-4xl font-bold tracking-tight">Simple, predictable pricing</h1>
        <p className="mt-4 text-lg text-muted-foreground">Start with a 14-day trial of Pro. No card required.</p>
      </header>
      <PricingTable />
      <section aria-labelledby="faq-heading" className="mx-auto max-w-3xl">
        <h2 id="faq-heading" className="mb-4 text-2xl font-semibold tracking-tight">
          Frequently asked questions
        </h2>
        <div className="divide-y divide-border rounded-md border border-border">
          {FAQ.map((item) => (
            <details key={item.q} className="group p-4">
              <summary className="cursor-pointer font-medium marker:text-muted-foreground">{item.q}</summary>
              <p className="mt-2 text-sm text-muted-foreground">{item.a}</p>
            </details>
          ))}
        </div>
      </section>
    </div>
  );
}
