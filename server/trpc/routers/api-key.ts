import { z } from "zod";
import { createApiKey, listApiKeys, revokeApiKey, rotateApiKey, ZCreateApiKey } from "../../api-keys/manage-api-keys";
import { router, workspaceProcedure } from "../init";

const ZKeyId = z.object({ keyId: z.string().uuid("Unknown key.") });

export const apiKeyRouter = router({
  list: workspaceProcedure({ permission: "api-keys:manage" }).query(({ ctx }) => listApiKeys({ tenantId: ctx.tenant.id })),
  create: workspaceProcedure({ permission: "api-keys:manage" })
    .input(ZCreateApiKey)
    .mutation(({ ctx, input }) => createApiKey({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, ...input })),
  revoke: workspaceProcedure({ permission: "api-keys:manage" })
    .input(ZKeyId)
    .mutation(async ({ ctx, input }) => {
      await revokeApiKey({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, keyId: input.keyId });
      return { ok: true };
    }),
  rotate: workspaceProcedure({ permission: "api-keys:manage" })
    .input(ZKeyId)
    .mutation(({ ctx, input }) => rotateApiKey({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, keyId: input.keyId })),
});
