import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { IncidentUpdateForm } from "@/components/operators/incident-update-form";
import { IncidentCard } from "@/components/status-page/incident-list";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { operatorMayAct } from "@/lib/operator-roles";
import { getIncident } from "@/server/status-page/list-incidents";
import { consoleOperator } from "../../console-operator";

export const metadata: Metadata = { title: "Atrium" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Operators: one incident with its updates; operator admins post updates and resolve it. */
export default async function OperatorIncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const reader = await consoleOperator();
  if (!reader) return null;
  const { id } = await params;
  const incident = UUID.test(id) ? await getIncident(id) : null;
  if (!incident) notFound();
  return (
    <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-10">
      <p className="text-sm font-semibold text-muted-foreground">
        <Link href="/" className="hover:underline">
          Operator console
        </Link>{" "}
        ·{" "}
        <Link href="/incidents" className="hover:underline">
          Incidents
        </Link>
      </p>
      <IncidentCard incident={incident} headingLevel={2} />
      {operatorMayAct(reader.role) ? (
        <Card>
          <CardHeader>
            <CardTitle>{incident.resolvedAt ? "Resolved" : "Post an update"}</CardTitle>
          </CardHeader>
          <CardContent>
            <IncidentUpdateForm incidentId={incident.id} currentStatus={incident.status} resolved={incident.resolvedAt !== null} />
          </CardContent>
        </Card>
      ) : (
        <p className="rounded-md border border-border p-4 text-sm">Support operators can read incidents; an operator admin posts updates and resolves them.</p>
      )}
    </main>
  );
}
