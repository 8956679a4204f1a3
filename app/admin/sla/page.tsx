import type { Metadata } from "next";
import { SlaBreachTable } from "@/components/operators/sla-breach-table";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClassName } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { isAppError } from "@/server/errors";
import { listSlaBreaches, type SlaBreachList } from "@/server/sla/list-sla-breaches";
import { monthKey, monthsBack, parseMonth } from "@/server/sla/workspace-sla";
import { consoleOperator } from "../console-operator";
import { ConsolePageHeader } from "../console-page-header";

// A generic title: the page must not reveal itself to non-operators (they get not-found).
export const metadata: Metadata = { title: "Atrium" };

const monthFormat = new Intl.DateTimeFormat("en", { month: "long", year: "numeric", timeZone: "UTC" });

/**
 * Operators (any role): the workspaces whose month fell below their plan's SLA target, with the
 * credit owed, judged by lib/sla.ts from one audited read (drizzle/0037). `?month=YYYY-MM`,
 * the current month (so far) by default.
 */
export default async function OperatorSlaPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await consoleOperator();
  if (!access) return null;
  const asked = (await searchParams).month;
  const value = asked === undefined ? monthKey(monthsBack(1)[0]!.start) : asked;
  let list: SlaBreachList | null = null;
  let problem: string | null = null;
  try {
    list = await listSlaBreaches({ ...access.reader, month: parseMonth(value) });
  } catch (error) {
    if (!isAppError(error) || error.code !== "BAD_REQUEST") throw error;
    problem = error.message;
  }
  const month = list ? parseMonth(list.month) : null;
  return (
    <main id="main" className="mx-auto max-w-7xl space-y-6 px-4 py-8 sm:py-10">
      <ConsolePageHeader title="SLA breaches" description="Workspaces whose month fell below their plan’s availability target, and the service credit owed. Months are UTC; the current one runs up to now.">
        <form method="get" action="/sla" className="flex flex-wrap items-end gap-2">
          <div className="grid gap-1">
            <Label htmlFor="sla-month">Month</Label>
            <Input id="sla-month" name="month" type="month" defaultValue={typeof value === "string" ? value : ""} placeholder="YYYY-MM" className="w-44" />
          </div>
          <Button type="submit" variant="secondary">
            Show
          </Button>
        </form>
      </ConsolePageHeader>

      {problem || !list || !month ? (
        <Alert variant="warning" title="That month cannot be shown">
          {problem ?? "Choose a month as YYYY-MM."}
        </Alert>
      ) : (
        <section aria-labelledby="sla-breaches-month" className="space-y-4">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="sla-breaches-month" className="text-lg font-semibold">
              {monthFormat.format(month.start)}: {list.breached.length === 1 ? "1 workspace" : `${list.breached.length} workspaces`} below target
            </h2>
            {list.breached.length > 0 ? (
              <a href={`/sla/export?month=${list.month}`} className={buttonClassName({ variant: "outline", size: "sm" })} download>
                Export CSV
              </a>
            ) : null}
          </div>
          {list.breached.length === 0 ? (
            <EmptyState title="No workspace fell below its target" description="Every workspace with an SLA met it this month (so far, for the current month)." />
          ) : (
            <SlaBreachTable rows={list.breached} caption={`Workspaces below their SLA target in ${monthFormat.format(month.start)}`} />
          )}
          {list.withinTarget.length > 0 ? (
            <p className="text-sm text-muted-foreground">
              {list.withinTarget.length === 1 ? "1 other workspace" : `${list.withinTarget.length} other workspaces`} had bad minutes but stayed within the target.
            </p>
          ) : null}
        </section>
      )}
    </main>
  );
}
