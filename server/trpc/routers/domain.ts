import { z } from "zod";
import { addDomain, checkDomain, listDomains, removeDomain } from "../../domains/domains";
import { zCustomHostname } from "../../domains/hostname";
import { getEntitlements } from "../../billing/plan-overrides";
import { env } from "../../env";
import { router, workspaceProcedure } from "../init";

const ZDomainId = z.object({ domainId: z.string().uuid() });

export const domainRouter = router({
  list: workspaceProcedure({ permission: "tenant:update" }).query(async ({ ctx }) => ({
    domains: await listDomains({ tenantId: ctx.tenant.id }),
    allowed: (await getEntitlements({ tenantId: ctx.tenant.id })).features.customDomain,
    target: env.CUSTOM_DOMAIN_TARGET,
  })),

  add: workspaceProcedure({ permission: "tenant:update" })
    .input(z.object({ hostname: zCustomHostname(env.ROOT_DOMAIN) }))
    .mutation(({ ctx, input }) => addDomain({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, hostname: input.hostname })),

  verify: workspaceProcedure({ permission: "tenant:update" })
    .input(ZDomainId)
    .mutation(({ ctx, input }) => checkDomain({ tenantId: ctx.tenant.id, domainId: input.domainId, actorUserId: ctx.user.id, meta: ctx.meta })),

  remove: workspaceProcedure({ permission: "tenant:update" })
    .input(ZDomainId)
    .mutation(({ ctx, input }) => removeDomain({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, domainId: input.domainId })),
});
