import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import type { RequestMeta } from "../audit/record-audit-event";
import { withoutTenant } from "../db/with-tenant";
import { incidents, incidentUpdates, type Incident } from "../db/schema";
import { AppError } from "../errors";
import { recordOperatorAuditEvent } from "../operators/record-operator-audit-event";
import type { Operator } from "../operators/operator-action";
import { badIncidentInput, checkIncidentOperator } from "./incident-errors";
import { notifySubscribers } from "./notify-subscribers";
import { ZIncidentUpdate, type IncidentUpdateInput } from "./schemas";

export type PostIncidentUpdateOptions = { operator: Operator; input: IncidentUpdateInput; meta: RequestMeta };

/**
 * Posts an update to an open incident; an update with status `resolved` resolves it. The
 * incident row is locked, so two operators posting at once are applied one after the other and
 * a resolved incident takes no further update (409).
 */
export async function postIncidentUpdate({ operator, input, meta }: PostIncidentUpdateOptions): Promise<{ incident: Incident; emailsQueued: number }> {
  checkIncidentOperator(operator);
  const parsed = ZIncidentUpdate.safeParse(input);
  if (!parsed.success) {
    if (parsed.error.issues.some((i) => i.path[0] === "incidentId")) throw new AppError("NOT_FOUND", "Incident not found.");
    throw badIncidentInput(parsed.error);
  }
  const form = parsed.data;
  return withoutTenant(async (tx) => {
    const [current] = await tx.select().from(incidents).where(eq(incidents.id, form.incidentId)).for("update");
    if (!current) throw new AppError("NOT_FOUND", "Incident not found.");
    if (current.resolvedAt) throw new AppError("CONFLICT", "This incident is already resolved. Open a new incident if the problem is back.");
    // The same words with the same status a moment ago (a double submit, two tabs, a form sent
    // again): that update, not a second one mailed to every subscriber.
    const [latest] = await tx
      .select({ status: incidentUpdates.status, body: incidentUpdates.body, recent: sql<boolean>`${incidentUpdates.createdAt} > now() - interval '30 seconds'` })
      .from(incidentUpdates)
      .where(eq(incidentUpdates.incidentId, current.id))
      .orderBy(desc(incidentUpdates.createdAt))
      .limit(1);
    if (latest?.recent && latest.status === form.status && latest.body === form.body) {
      throw new AppError("CONFLICT", "This update was posted a moment ago; it is not sent twice.");
    }
    const resolving = form.status === "resolved";
    const [update] = await tx.insert(incidentUpdates).values({ incidentId: current.id, status: form.status, body: form.body, authorUserId: operator.id }).returning();
    const [incident] = await tx
      .update(incidents)
      .set({ status: form.status, updatedAt: update!.createdAt, resolvedAt: resolving ? update!.createdAt : null })
      .where(eq(incidents.id, current.id))
      .returning();
    await recordOperatorAuditEvent(tx, {
      actorUserId: operator.id,
      action: resolving ? "incident.resolved" : "incident.updated",
      target: current.id,
      reason: form.body.slice(0, 500),
      metadata: { status: form.status, previousStatus: current.status, updateId: update!.id },
      meta,
    });
    const emailsQueued = await notifySubscribers(tx, incident!, update!, resolving ? "resolved" : "updated");
    return { incident: incident!, emailsQueued };
  });
}
