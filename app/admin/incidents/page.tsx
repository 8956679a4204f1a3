import type { Metadata } from "next";
import Link from "next/link";
import { OpenIncidentForm } from "@/components/operators/open-incident-form";
import { IncidentCard } from "@/components/status-page/incident-list";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { operatorMayAct } from "@/lib/operator-roles";
import { env } from "@/server/env";
import { listIncidents } from "@/server/status-page/list-incidents";
import { consoleOperator } from "../console-operator";
import { ConsolePageHeader } from "../console-page-header";

// A generic title: the page must not reveal itself to non-operators (they get not-found).
export const metadata: Metadata = { title: "Atrium" };

/** Operators: the status page's incidents; operator admins open, update and resolve them. */
export default async function OperatorIncidentsPage() {
  const reader = await consoleOperator();
  if (!reader) return null;
  const mayAct = operatorMayAct(reader.role);
  const incidents = await listIncidents({ resolvedWithinDays: 90, limit: 100 });
  const statusUrl = `${env.PUBLIC_PROTOCOL}://status.${env.ROOT_DOMAIN}/`;
  return (
    <main id="main" className="mx-auto max-w-4xl space-y-8 px-4 py-10">
      <ConsolePageHeader
        title="Incidents"
        description={
          <>
            What the public <a className="underline" href={statusUrl}>status page</a> shows. Every update is emailed to confirmed subscribers and written to the operator audit log.
          </>
        }
      />

      {mayAct ? (
        <Card>
          <CardHeader>
            <CardTitle>Open an incident</CardTitle>
            <CardDescription>It appears on the status page at once.</CardDescription>
          </CardHeader>
          <CardContent>
            <OpenIncidentForm />
          </CardContent>
        </Card>
      ) : (
        <p className="rounded-md border border-border p-4 text-sm">Support operators can read incidents; an operator admin opens, updates and resolves them.</p>
      )}

      <section aria-labelledby="incident-list" className="space-y-3">
        <h2 id="incident-list" className="text-xl font-semibold">
          Open and recent (90 days)
        </h2>
        {incidents.length === 0 ? <p className="text-sm text-muted-foreground">No incidents.</p> : null}
        {incidents.map((incident) => (
          <IncidentCard
            key={incident.id}
            incident={incident}
            actions={
              <Link className="text-sm underline" href={`/incidents/${incident.id}`}>
                {incident.resolvedAt || !mayAct ? "Details" : "Post an update or resolve"}
                <span className="sr-only">: {incident.title}</span>
              </Link>
            }
          />
        ))}
      </section>
    </main>
  );
}
