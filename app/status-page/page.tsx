import { connection } from "next/server";
import { IncidentCard } from "@/components/status-page/incident-list";
import { SubscribeForm } from "@/components/status-page/subscribe-form";
import { formatPercent, UptimeBars, UptimeLegend } from "@/components/status-page/uptime-bars";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { COMPONENT_LABELS } from "@/lib/status-page/catalog";
import { STATE_LABELS, UPTIME_DAYS, type ComponentState } from "@/lib/status-page/uptime";
import { getStatusOverview } from "@/server/status-page/get-status-overview";

const STATE_CLASS: Record<ComponentState, string> = {
  operational: "text-success",
  degraded: "text-warning",
  "partial-outage": "text-warning",
  "major-outage": "text-destructive",
  unknown: "text-muted-foreground",
};

// A symbol beside each state's words, so the state never rests on colour alone.
const STATE_MARK: Record<ComponentState, string> = { operational: "✓", degraded: "!", "partial-outage": "!", "major-outage": "✕", unknown: "?" };

function headline(states: ComponentState[]): string {
  if (states.includes("major-outage") || states.includes("partial-outage")) return "Some systems are not working";
  if (states.includes("degraded")) return "Some systems are degraded";
  if (states.every((s) => s === "operational")) return "All systems operational";
  return "Checking systems";
}

export default async function StatusHomePage() {
  await connection();
  const overview = await getStatusOverview();
  const open = overview.incidents.filter((i) => !i.resolvedAt);
  const recent = overview.incidents.filter((i) => i.resolvedAt);
  return (
    <main id="main" className="space-y-8">
      <header className="space-y-1">
        <p className="text-sm font-semibold text-muted-foreground">Atrium status</p>
        <h1 className="text-3xl font-bold tracking-tight">{headline(overview.components.map((c) => c.state))}</h1>
        <p className="text-sm text-muted-foreground">Checked every minute by a synthetic prober. Times are UTC.</p>
      </header>

      {open.length ? (
        <section aria-labelledby="active-incidents" className="space-y-3">
          <h2 id="active-incidents" className="text-xl font-semibold">
            Active incidents
          </h2>
          {open.map((incident) => (
            <IncidentCard key={incident.id} incident={incident} />
          ))}
        </section>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>
            <span id="components">Components</span>
          </CardTitle>
          <CardDescription>Current state and daily availability over the last {UPTIME_DAYS} days.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-6">
          <ul aria-labelledby="components" className="space-y-6">
            {overview.components.map((c) => (
              <li key={c.component} className="space-y-2" data-component={c.component}>
                <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                  <h3 className="font-semibold">{COMPONENT_LABELS[c.component]}</h3>
                  <p className={cn("text-sm font-medium", STATE_CLASS[c.state])} data-testid="component-state">
                    <span aria-hidden="true">{STATE_MARK[c.state]} </span>
                    {STATE_LABELS[c.state]}
                  </p>
                </div>
                <UptimeBars label={COMPONENT_LABELS[c.component]} bars={c.bars} />
                <p className="flex justify-between text-xs text-muted-foreground">
                  <span>{UPTIME_DAYS} days ago</span>
                  <span>{c.uptime === null ? "No data yet" : `${formatPercent(c.uptime)} uptime`}</span>
                  <span>Today</span>
                </p>
              </li>
            ))}
          </ul>
          <UptimeLegend />
        </CardContent>
      </Card>

      <section aria-labelledby="recent-incidents" className="space-y-3">
        <h2 id="recent-incidents" className="text-xl font-semibold">
          Recent incidents
        </h2>
        {recent.length ? recent.map((incident) => <IncidentCard key={incident.id} incident={incident} />) : <p className="text-sm text-muted-foreground">No incidents resolved in the last 14 days.</p>}
      </section>

      <Card>
        <CardHeader>
          <CardTitle>Get incident emails</CardTitle>
          <CardDescription>We email you when an incident is opened, updated or resolved. You confirm the address first; every email has an unsubscribe link.</CardDescription>
        </CardHeader>
        <CardContent>
          <SubscribeForm />
        </CardContent>
      </Card>
    </main>
  );
}
