import "server-only";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { AppError } from "../errors";
import type { RequestMeta } from "../audit/record-audit-event";
import { withoutTenant } from "../db/with-tenant";
import { incidents, incidentUpdates, type Incident } from "../db/schema";
import { recordOperatorAuditEvent } from "../operators/record-operator-audit-event";
import type { Operator } from "../operators/operator-action";
import { badIncidentInput, checkIncidentOperator } from "./incident-errors";
import { notifySubscribers } from "./notify-subscribers";
import { ZOpenIncident, type OpenIncidentInput } from "./schemas";

export type OpenIncidentOptions = { operator: Operator; input: OpenIncidentInput; meta: RequestMeta };

/**
 * Opens an incident with its first update: in one transaction the incident, the update, the
 * operator audit row and the subscribers' emails (sent after the commit through the outbox).
 */
export async function openIncident({ operator, input, meta }: OpenIncidentOptions): Promise<{ incident: Incident; emailsQueued: number }> {
  checkIncidentOperator(operator);
  const parsed = ZOpenIncident.safeParse(input);
  if (!parsed.success) throw badIncidentInput(parsed.error);
  const form = parsed.data;
  return withoutTenant(async (tx) => {
    // A double submit (or the same form in two tabs) opens the incident once, and emails once:
    // openings are serialised, and the same operator's same title, still open, from the last
    // 30 seconds is that incident.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('atrium:incident-open'))`);
    const [recent] = await tx
      .select({ id: incidents.id })
      .from(incidents)
      .where(and(eq(incidents.createdByUserId, operator.id), eq(incidents.title, form.title), isNull(incidents.resolvedAt), gt(incidents.createdAt, sql`now() - interval '30 seconds'`)))
      .limit(1);
    if (recent) throw new AppError("CONFLICT", "You opened this incident a moment ago. Post an update to it instead.");
    const [incident] = await tx
      .insert(incidents)
      .values({ title: form.title, impact: form.impact, components: form.components, status: form.status, createdByUserId: operator.id })
      .returning();
    const [update] = await tx.insert(incidentUpdates).values({ incidentId: incident!.id, status: form.status, body: form.body, authorUserId: operator.id }).returning();
    await recordOperatorAuditEvent(tx, {
      actorUserId: operator.id,
      action: "incident.opened",
      target: incident!.id,
      reason: form.title,
      metadata: { impact: form.impact, components: form.components, status: form.status },
      meta,
    });
    const emailsQueued = await notifySubscribers(tx, incident!, update!, "opened");
    return { incident: incident!, emailsQueued };
  });
}
