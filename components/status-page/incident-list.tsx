import type { ReactNode } from "react";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { COMPONENT_LABELS, IMPACT_LABELS, INCIDENT_STATUS_LABELS, type IncidentImpact, type IncidentStatus, type StatusComponent } from "@/lib/status-page/catalog";

export type IncidentView = {
  id: string;
  title: string;
  impact: string;
  components: string[];
  status: string;
  createdAt: Date;
  resolvedAt: Date | null;
  updates: { id: string; status: string; body: string; createdAt: Date }[];
};

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
export const formatWhen = (date: Date) => `${dateFormat.format(date)} UTC`;

const IMPACT_VARIANT: Record<IncidentImpact, BadgeVariant> = { minor: "warning", major: "destructive", critical: "destructive", maintenance: "outline" };

/** One incident with its updates, newest first (the status page and the console show the same). */
export function IncidentCard({ incident, headingLevel = 3, actions }: { incident: IncidentView; headingLevel?: 2 | 3; actions?: ReactNode }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const impact = incident.impact as IncidentImpact;
  return (
    <article aria-labelledby={`incident-${incident.id}`} className="space-y-3 rounded-md border border-border p-4" data-incident={incident.id}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <Heading id={`incident-${incident.id}`} className="min-w-0 break-words text-base font-semibold">
          {incident.title}
        </Heading>
        <div className="flex flex-wrap gap-1">
          <Badge variant={incident.resolvedAt ? "success" : "outline"}>{INCIDENT_STATUS_LABELS[incident.status as IncidentStatus] ?? incident.status}</Badge>
          {incident.resolvedAt ? null : <Badge variant={IMPACT_VARIANT[impact] ?? "outline"}>{IMPACT_LABELS[impact] ?? incident.impact}</Badge>}
        </div>
      </div>
      <p className="text-xs text-muted-foreground">
        Affects {incident.components.map((c) => COMPONENT_LABELS[c as StatusComponent] ?? c).join(", ")} · opened {formatWhen(incident.createdAt)}
        {incident.resolvedAt ? ` · resolved ${formatWhen(incident.resolvedAt)}` : null}
      </p>
      <ol aria-label={`Updates on ${incident.title}`} className="space-y-2 border-l-2 border-border pl-3">
        {incident.updates.map((update) => (
          <li key={update.id} className="text-sm">
            <p>
              <span className="font-semibold">{INCIDENT_STATUS_LABELS[update.status as IncidentStatus] ?? update.status}</span>
              <span className="text-muted-foreground"> · {formatWhen(update.createdAt)}</span>
            </p>
            <p className="whitespace-pre-line break-words">{update.body}</p>
          </li>
        ))}
      </ol>
      {actions}
    </article>
  );
}
