import { and, eq } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import type { Transaction } from "../db/client";
import { invoices, tenants } from "../db/schema";
import { billingDetailsOf } from "../../lib/billing-details";
import { recordEvent } from "../events/record-event";
import type { InvoiceSnapshot } from "./snapshot";

// Paid is final: a late "failed" or "open" delivery never downgrades it.
const RANK: Record<InvoiceSnapshot["status"], number> = { draft: 0, open: 1, failed: 2, uncollectible: 3, void: 4, paid: 5 };

/** Stores an invoice and, when its status really changes, its audit event and domain event
 * (whose email the relay sends). */
export async function recordInvoice(
  tx: Transaction,
  options: { tenantId: string; invoice: InvoiceSnapshot; meta: RequestMeta },
): Promise<boolean> {
  const { tenantId, invoice } = options;
  const [existing] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoice.id)))
    .for("update");
  const previous = existing?.status as InvoiceSnapshot["status"] | undefined;
  // Retries of an already-failed invoice change nothing here (one email per invoice failure).
  if (previous && RANK[previous] >= RANK[invoice.status]) return false;

  const values = {
    number: invoice.number,
    status: invoice.status,
    amountCents: invoice.amountCents,
    currency: invoice.currency,
    periodEnd: invoice.periodEnd,
    hostedUrl: invoice.hostedUrl,
    pdfUrl: invoice.pdfUrl ?? null,
  };
  if (existing) await tx.update(invoices).set(values).where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoice.id)));
  else {
    // Issued to the details saved now: a later change of them does not rewrite this invoice.
    const [saved] = await tx.select({ billingEmail: tenants.billingEmail, taxIdType: tenants.taxIdType, taxId: tenants.taxId }).from(tenants).where(eq(tenants.id, tenantId));
    const billedTo = saved ? billingDetailsOf(saved) : null;
    await tx.insert(invoices).values({ tenantId, id: invoice.id, ...values, billedTo: billedTo?.email || billedTo?.taxId ? billedTo : null });
  }

  if (invoice.status !== "paid" && invoice.status !== "failed") return true;
  const paid = invoice.status === "paid";
  await recordAuditEvent(tx, {
    tenantId,
    actorUserId: null,
    action: paid ? "billing.invoice_paid" : "billing.payment_failed",
    target: `invoice:${invoice.id}`,
    metadata: { amountCents: invoice.amountCents, currency: invoice.currency, attempt: invoice.attempt },
    meta: options.meta,
  });
  await recordEvent(tx, {
    tenantId,
    type: paid ? "invoice.paid" : "invoice.payment_failed",
    data: { invoiceId: invoice.id, amountCents: invoice.amountCents, currency: invoice.currency },
    actor: { type: "system" },
  });
  // The receipt or the failed-payment notice is emailed from the event (server/email/email-consumer.ts).
  return true;
}
