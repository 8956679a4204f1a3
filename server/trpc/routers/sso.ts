import { z } from "zod";
import { storableText } from "../../../lib/text";
import { zCustomHostname } from "../../domains/hostname";
import { env } from "../../env";
import { getSsoSettings, removeSsoConnection, saveOidcConnection, setSsoEnforcement } from "../../sso/manage-sso-connection";
import { addSsoDomain, removeSsoDomain, verifySsoDomain } from "../../sso/sso-domains";
import { router, workspaceProcedure } from "../init";

// Security → Single sign-on. Admins may look; only owners change anything.
const ZDomainId = z.object({ domainId: z.string().uuid() });

const ZOidcConnection = z.object({
  issuer: z.string().trim().min(1, "Enter the issuer address.").max(500, "That address is too long.").superRefine(storableText),
  clientId: z.string().trim().min(1, "Enter the client ID.").max(255, "Use at most 255 characters.").superRefine(storableText),
  clientSecret: z.string().max(1000, "Use at most 1,000 characters.").superRefine(storableText),
  defaultRole: z.enum(["admin", "billing", "member"]),
});

export const ssoRouter = router({
  get: workspaceProcedure({ permission: "tenant:update" }).query(({ ctx }) => getSsoSettings({ tenantId: ctx.tenant.id })),

  saveConnection: workspaceProcedure({ permission: "sso:manage" })
    .input(ZOidcConnection)
    .mutation(({ ctx, input }) => saveOidcConnection({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, ...input })),

  removeConnection: workspaceProcedure({ permission: "sso:manage" }).mutation(({ ctx }) => removeSsoConnection({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta })),

  setEnforcement: workspaceProcedure({ permission: "sso:manage" })
    .input(z.object({ enforced: z.boolean(), breakGlassUserId: z.string().uuid().nullable() }))
    .mutation(({ ctx, input }) => setSsoEnforcement({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, ...input })),

  addDomain: workspaceProcedure({ permission: "sso:manage" })
    .input(z.object({ domain: zCustomHostname(env.ROOT_DOMAIN, { apexAllowed: true }) }))
    .mutation(({ ctx, input }) => addSsoDomain({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, domain: input.domain })),

  verifyDomain: workspaceProcedure({ permission: "sso:manage" })
    .input(ZDomainId)
    .mutation(({ ctx, input }) => verifySsoDomain({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, domainId: input.domainId })),

  removeDomain: workspaceProcedure({ permission: "sso:manage" })
    .input(ZDomainId)
    .mutation(({ ctx, input }) => removeSsoDomain({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, domainId: input.domainId })),
});
