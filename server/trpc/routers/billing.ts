import { z } from "zod";
import { storableText } from "../../../lib/text";
import { BILLING_INTERVALS, CURRENCIES, PLAN_IDS, PLANS } from "../../../lib/plans";
import { setWorkspaceCurrency } from "../../billing/set-currency";
import { ZBillingDetails } from "../../billing/billing-details";
import { updateBillingDetails } from "../../billing/billing-details";
import { completeLocalCheckout } from "../../billing/local/complete-local-checkout";
import { getBillingOverview } from "../../billing/get-billing-overview";
import { getBillingProvider } from "../../billing/get-provider";
import { changePlan, openPortal, setCancelAtPeriodEnd, startCheckout } from "../../billing/manage-subscription";
import { env } from "../../env";
import { AppError } from "../../errors";
import { originFor } from "../../hosts/parse-host";
import { publicProcedure, router, workspaceProcedure } from "../init";

// The attempt id comes with the rendered form: a double click or a retried request is the same intent.
const ZAttempt = z.object({ attemptId: z.string().uuid("Reload the page and try again.") });
const ZPlanChoice = ZAttempt.extend({ planId: z.enum(PLAN_IDS), interval: z.enum(BILLING_INTERVALS) });

export const billingRouter = router({
  plans: publicProcedure.query(() => Object.values(PLANS)),

  current: workspaceProcedure({ capability: "billing", permission: "billing:read" }).query(({ ctx }) => getBillingOverview({ tenantId: ctx.tenant.id })),

  invoices: workspaceProcedure({ capability: "billing", permission: "billing:read" }).query(async ({ ctx }) => (await getBillingOverview({ tenantId: ctx.tenant.id })).invoices),

  createCheckout: workspaceProcedure({ capability: "billing", permission: "billing:manage" })
    // returnTo: where the checkout comes back to (the guided setup returns to its next step).
    .input(ZPlanChoice.extend({ returnTo: z.enum(["billing", "onboarding"]).default("billing") }))
    .mutation(({ ctx, input }) =>
      startCheckout({
        tenantId: ctx.tenant.id,
        actorUserId: ctx.user.id,
        meta: ctx.meta,
        ...input,
        origin: originFor({ kind: "tenant", slug: ctx.tenant.slug }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL),
      }),
    ),

  changePlan: workspaceProcedure({ capability: "billing", permission: "billing:manage" })
    .input(ZPlanChoice)
    .mutation(async ({ ctx, input }) => {
      await changePlan({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, ...input });
      return { provider: getBillingProvider().kind };
    }),

  cancel: workspaceProcedure({ capability: "billing", permission: "billing:manage" })
    .input(ZAttempt)
    .mutation(async ({ ctx, input }) => {
    await setCancelAtPeriodEnd({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, cancel: true, attemptId: input.attemptId });
    return { provider: getBillingProvider().kind };
  }),

  resume: workspaceProcedure({ capability: "billing", permission: "billing:manage" })
    .input(ZAttempt)
    .mutation(async ({ ctx, input }) => {
    await setCancelAtPeriodEnd({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, cancel: false, attemptId: input.attemptId });
    return { provider: getBillingProvider().kind };
  }),

  portal: workspaceProcedure({ capability: "billing", permission: "billing:manage" }).mutation(({ ctx }) =>
    openPortal({ tenantId: ctx.tenant.id, origin: originFor({ kind: "tenant", slug: ctx.tenant.slug }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL) }),
  ),

  /** The currency the workspace is billed in; only before its first subscription. */
  setCurrency: workspaceProcedure({ capability: "billing", permission: "billing:manage" })
    .input(z.object({ currency: z.enum(CURRENCIES, "Choose US dollars or euros.") }))
    .mutation(({ ctx, input }) => setWorkspaceCurrency({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, currency: input.currency, meta: ctx.meta })),

  /** Where invoices go and the tax ID on them; sent to the Stripe customer when there is one. */
  updateDetails: workspaceProcedure({ capability: "billing", permission: "billing:manage" })
    .input(ZBillingDetails)
    .mutation(({ ctx, input }) => updateBillingDetails({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, details: input, meta: ctx.meta })),

  /** The local provider's checkout page submits here (offline mode only). */
  payLocalCheckout: workspaceProcedure({ capability: "billing", permission: "billing:manage" })
    .input(z.object({ sessionId: z.string().uuid("Unknown checkout."), cardNumber: z.string().trim().min(1, "Enter a card number.").max(32).superRefine(storableText) }))
    .mutation(({ ctx, input }) => {
      if (getBillingProvider().kind !== "local") throw new AppError("NOT_FOUND", "Not found.");
      return completeLocalCheckout({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, ...input });
    }),
});
