import "server-only";
import { and, asc, gt, isNotNull } from "drizzle-orm";
import type { Transaction } from "../db/client";
import { statusSubscribers, type Incident, type IncidentUpdate } from "../db/schema";
import { enqueueEmails } from "../email/enqueue-email";
import { COMPONENT_LABELS, IMPACT_LABELS, INCIDENT_STATUS_LABELS, type IncidentImpact, type IncidentStatus, type StatusComponent } from "../../lib/status-page/catalog";
import { statusOrigin, subscriberLink } from "./subscriber-links";

const BATCH = 1_000;

export type IncidentEmailKind = "opened" | "updated" | "resolved";

const SUBJECT_PREFIX: Record<IncidentEmailKind, string> = { opened: "Incident", updated: "Update", resolved: "Resolved" };

function incidentText(incident: Incident, update: IncidentUpdate, unsubscribe: string): string {
  const components = incident.components.map((c) => COMPONENT_LABELS[c as StatusComponent] ?? c).join(", ");
  return [
    incident.title,
    "",
    `${INCIDENT_STATUS_LABELS[update.status as IncidentStatus] ?? update.status}: ${update.body}`,
    "",
    `Affected: ${components}`,
    `Impact: ${IMPACT_LABELS[incident.impact as IncidentImpact] ?? incident.impact}`,
    `Posted: ${update.createdAt.toUTCString()}`,
    "",
    `Current status: ${statusOrigin()}/`,
    "",
    `You get these emails because you subscribed to incident updates. Unsubscribe: ${unsubscribe}`,
  ].join("\n");
}

/**
 * Queues one email per confirmed subscriber for this update, in the caller's transaction (the
 * outbox sends them after the commit). The dedupe key is the update and the subscriber, so a
 * replay sends nothing twice. Subscribers are read in keyset batches, never all at once.
 */
export async function notifySubscribers(tx: Transaction, incident: Incident, update: IncidentUpdate, kind: IncidentEmailKind): Promise<number> {
  let queued = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const batch = await tx
      .select({ id: statusSubscribers.id, email: statusSubscribers.email })
      .from(statusSubscribers)
      .where(and(isNotNull(statusSubscribers.confirmedAt), gt(statusSubscribers.id, after)))
      .orderBy(asc(statusSubscribers.id))
      .limit(BATCH);
    if (!batch.length) return queued;
    queued += await enqueueEmails(
      tx,
      batch.map((s) => ({
        to: s.email,
        subject: `[${SUBJECT_PREFIX[kind]}] ${incident.title}`,
        text: incidentText(incident, update, subscriberLink("unsubscribe", s.id, s.email)),
        dedupeKey: `status-incident:${update.id}:${s.id}`,
      })),
    );
    after = batch.at(-1)!.id;
  }
}
