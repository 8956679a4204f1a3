import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { storableText } from "../../../lib/text";
import { handoffUrl } from "../../auth/handoff-url";
import { getTenantBranding, updateBranding, ZBranding } from "../../branding/branding";
import { listUserWorkspaces } from "../../db/cross-tenant";
import { checkSlug } from "../../tenants/check-slug";
import { deleteTenant } from "../../tenants/delete-tenant";
import { createTenant } from "../../tenants/create-tenant";
import { getTenantOrThrow } from "../../tenants/get-tenant";
import { completeOnboarding, getOnboarding, setOnboardingStep, ZOnboardingStep } from "../../tenants/onboarding";
import { renameTenant } from "../../tenants/rename-tenant";
import { ZTenantName, ZTenantSlug } from "../../tenants/schemas";
import { protectedProcedure, router, workspaceProcedure } from "../init";

export const tenantRouter = router({
  // What every member may know of the workspace. Billing details, plan overrides and the
  // operator's marks stay with the procedures whose permission covers them (billing.current…).
  current: workspaceProcedure({ capability: "enter" }).query(async ({ ctx }) => {
    const t = await getTenantOrThrow(ctx.tenant.id);
    return {
      id: t.id,
      slug: t.slug,
      name: t.name,
      status: t.status,
      planId: t.planId,
      trialEndsAt: t.trialEndsAt,
      currency: t.currency,
      brandColor: t.brandColor,
      publicDescription: t.publicDescription,
      onboardingCompletedAt: t.onboardingCompletedAt,
      requireTwoFactor: t.requireTwoFactor,
      createdAt: t.createdAt,
      memberCount: t.memberCount,
      role: ctx.role,
    };
  }),

  mine: protectedProcedure.query(({ ctx }) => listUserWorkspaces(ctx.user.id)),

  checkSlug: protectedProcedure
    .input(z.object({ slug: z.string().trim().toLowerCase().max(100).superRefine(storableText) }))
    .query(({ input }) => checkSlug({ slug: input.slug })),

  create: protectedProcedure
    .input(z.object({ name: ZTenantName, slug: ZTenantSlug }))
    .mutation(async ({ ctx, input }) => {
      const tenant = await createTenant({ userId: ctx.user.id, name: input.name, slug: input.slug, meta: ctx.meta });
      return {
        slug: tenant.slug,
        // Straight into the guided setup on the new workspace's host.
        redirectUrl: await handoffUrl(ctx.user.id, { kind: "tenant", slug: tenant.slug }, "/dashboard/onboarding"),
      };
    }),

  rename: workspaceProcedure({ permission: "tenant:update" })
    .input(z.object({ name: ZTenantName }))
    .mutation(async ({ ctx, input }) => {
      const tenant = await renameTenant({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, name: input.name, meta: ctx.meta });
      return { name: tenant.name };
    }),

  branding: workspaceProcedure().query(({ ctx }) => getTenantBranding({ tenantId: ctx.tenant.id })),

  updateBranding: workspaceProcedure({ permission: "tenant:update" })
    .input(ZBranding)
    .mutation(({ ctx, input }) => updateBranding({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, ...input })),

  onboarding: workspaceProcedure().query(({ ctx }) => getOnboarding({ tenantId: ctx.tenant.id })),

  setOnboardingStep: workspaceProcedure({ permission: "tenant:update" })
    .input(z.object({ step: ZOnboardingStep, from: ZOnboardingStep.optional() }))
    .mutation(({ ctx, input }) => setOnboardingStep({ tenantId: ctx.tenant.id, step: input.step, from: input.from })),

  completeOnboarding: workspaceProcedure({ permission: "tenant:update" })
    .input(z.object({ skipped: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) => {
      await completeOnboarding({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, skipped: input.skipped });
      return { done: true };
    }),

  /** Owners only: requires typing the slug. */
  delete: workspaceProcedure({ capability: "delete", permission: "tenant:delete" })
    .input(z.object({ confirmSlug: z.string().max(100).superRefine(storableText) }))
    .mutation(async ({ ctx, input }) => {
      await deleteTenant({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, confirmSlug: input.confirmSlug, meta: ctx.meta });
      // Through a hand-off: someone signed in on the workspace's host only is still signed in on
      // the apex, where the list says what happened.
      return { redirectUrl: await handoffUrl(ctx.user.id, { kind: "apex" }, "/workspaces?deleted=1") };
    }),

  /** Workspace switcher: a hand-off URL into another workspace the user belongs to. */
  switchTo: protectedProcedure.input(z.object({ slug: ZTenantSlug })).mutation(async ({ ctx, input }) => {
    const workspaces = await listUserWorkspaces(ctx.user.id);
    if (!workspaces.some((w) => w.slug === input.slug)) {
      throw new TRPCError({ code: "NOT_FOUND", message: "Workspace not found." });
    }
    return { redirectUrl: await handoffUrl(ctx.user.id, { kind: "tenant", slug: input.slug }, "/dashboard") };
  }),
});
