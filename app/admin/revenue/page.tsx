import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { z } from "zod";
import { RevenueLoading } from "@/components/operators/revenue/revenue-loading";
import { consoleOperator } from "../console-operator";
import { RevenueReport } from "./revenue-report";
import { ConsolePageHeader } from "../console-page-header";

// A generic title: the page must not reveal itself to non-operators (they get not-found).
export const metadata: Metadata = { title: "Atrium" };

const RANGES = [6, 12, 24] as const;
// Anything else in ?months= (text, 0, 10^9, a list) falls back to a year rather than failing.
const ZMonths = z.coerce
  .number()
  .int()
  .refine((n) => (RANGES as readonly number[]).includes(n))
  .catch(12);

/**
 * Operators (any role): MRR and its movements, workspaces by status, trial conversion, plan mix
 * and churn. The access check runs before anything streams (no route-level loading.tsx), so a
 * non-operator gets a real 404 and never a glimpse of the page; the figures stream in below.
 */
export default async function OperatorRevenuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await consoleOperator();
  if (!access) return null;
  const months = ZMonths.parse((await searchParams).months);
  return (
    <main id="main" className="mx-auto max-w-6xl space-y-6 px-4 py-8 sm:py-10">
      <ConsolePageHeader title="Revenue" description="All workspaces, calendar months in UTC. Figures are recurring revenue, not cash: one-off charges and prorations are left out.">
        <nav aria-label="Period" className="inline-flex rounded-md border border-border p-0.5">
          {RANGES.map((range) => (
            <Link
              key={range}
              href={`/revenue?months=${range}`}
              aria-current={range === months ? "page" : undefined}
              className={
                range === months
                  ? "rounded bg-primary px-3 py-1.5 text-sm text-primary-foreground"
                  : "rounded px-3 py-1.5 text-sm text-muted-foreground hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
              }
            >
              {range} months
            </Link>
          ))}
        </nav>
      </ConsolePageHeader>

      <Suspense fallback={<RevenueLoading />}>
        <RevenueReport reader={access.reader} months={months} />
      </Suspense>
    </main>
  );
}
