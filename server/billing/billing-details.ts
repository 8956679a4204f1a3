import { eq } from "drizzle-orm";
import { z } from "zod";
import { billingDetailsOf, normalizeTaxId, TAX_ID_TYPE_IDS, TAX_ID_TYPES, type BillingDetails } from "../../lib/billing-details";
import { storableText } from "../../lib/text";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { subscriptions, tenants } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { takeBillingPlace } from "./stripe/stripe-places";
import { lockTenantOrThrow } from "../tenants/lock-tenant";
import { getBillingProvider } from "./get-provider";

/**
 * The form's input. Both fields may be empty (the details are then removed); a tax ID needs its
 * kind, and its value must have that kind's shape.
 */
const ZEmailOrEmpty = z.string({ error: "Enter a valid email address." }).trim().toLowerCase().max(254, "Use at most 254 characters.").superRefine(storableText);

export const ZBillingDetails = z
  .object({
    email: ZEmailOrEmpty,
    taxIdType: z.union([z.literal(""), z.enum(TAX_ID_TYPE_IDS)], { error: "Choose one of the listed kinds of tax ID." }),
    taxId: z.string({ error: "Enter the tax ID as text." }).max(40, "Use at most 40 characters.").superRefine(storableText),
  })
  .transform((input, ctx) => {
    if (input.email && !z.string().email().safeParse(input.email).success) {
      ctx.addIssue({ code: "custom", path: ["email"], message: "Enter a valid email address." });
      return z.NEVER;
    }
    const email = input.email || null;
    const value = input.taxId.trim();
    if (!value) return { email, taxId: null };
    if (!input.taxIdType) {
      ctx.addIssue({ code: "custom", path: ["taxIdType"], message: "Choose the kind of tax ID." });
      return z.NEVER;
    }
    const kind = TAX_ID_TYPES[input.taxIdType];
    const normalized = normalizeTaxId(input.taxIdType, value);
    if (!kind.pattern.test(normalized)) {
      ctx.addIssue({ code: "custom", path: ["taxId"], message: `That does not look like a ${kind.label} (for example ${kind.example}).` });
      return z.NEVER;
    }
    return { email, taxId: { type: input.taxIdType, value: normalized } };
  });

const sameTaxId = (a: BillingDetails["taxId"], b: BillingDetails["taxId"]) => a?.type === b?.type && a?.value === b?.value;

/**
 * Saves the billing details and sends them to the workspace's customer, under the workspace lock
 * (a first checkout creating the customer meanwhile waits, then creates it with these details).
 * The provider is called before the commit: a value Stripe refuses saves nothing here, and a
 * failure after Stripe took them is mended by saving again (the call is idempotent).
 */
export async function updateBillingDetails(options: { tenantId: string; actorUserId: string; details: BillingDetails; meta: RequestMeta }): Promise<{ changed: boolean }> {
  const { tenantId, details } = options;
  // Stripe is called with the lock held: in Stripe's line (stripe-places.ts).
  const release = await takeBillingPlace();
  return withTenant(tenantId, async (tx) => {
    const tenant = await lockTenantOrThrow(tx, tenantId);
    const before = billingDetailsOf(tenant);
    const changes = [...(before.email !== details.email ? ["email"] : []), ...(!sameTaxId(before.taxId, details.taxId) ? ["taxId"] : [])];
    // Sent to the customer even when nothing changed here: saving again mends a copy that drifted.
    const provider = getBillingProvider();
    const [customer] = await tx.select({ id: subscriptions.customerId, provider: subscriptions.provider }).from(subscriptions).where(eq(subscriptions.tenantId, tenantId));
    if (customer && customer.provider === provider.kind) {
      await provider.updateCustomerDetails({ customerId: customer.id, details, clearEmail: before.email !== null && details.email === null });
    }
    if (changes.length === 0) return { changed: false };
    await tx
      .update(tenants)
      .set({ billingEmail: details.email, taxIdType: details.taxId?.type ?? null, taxId: details.taxId?.value ?? null, updatedAt: new Date() })
      .where(eq(tenants.id, tenantId));
    await recordAuditEvent(tx, {
      tenantId,
      actorUserId: options.actorUserId,
      action: "billing.details_updated",
      target: `tenant:${tenant.slug}`,
      // Which fields, and the tax ID's kind: the values themselves stay on the billing page.
      metadata: { changes, taxIdType: details.taxId?.type ?? null },
      meta: options.meta,
    });
    return { changed: true };
  }).finally(release);
}
