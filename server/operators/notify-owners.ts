import { randomUUID } from "node:crypto";
import type { Transaction } from "../db/client";
import type { Tenant } from "../db/schema";
import { enqueueEmails } from "../email/enqueue-email";
import { ownerRecipients } from "../billing/recipients";

/**
 * Queues an email to the workspace's owners in the action's transaction (the outbox sends it
 * after the commit). Each operator action is its own event, so each gets a fresh dedupe key.
 */
export async function notifyOwners(tx: Transaction, tenant: Pick<Tenant, "id">, email: { subject: string; text: string; kind: string }): Promise<number> {
  const recipients = await ownerRecipients(tx, tenant.id);
  const eventId = randomUUID();
  return enqueueEmails(
    tx,
    recipients.map((to) => ({ to, subject: email.subject, text: email.text, dedupeKey: `operator:${email.kind}:${tenant.id}:${eventId}:${to}` })),
  );
}
