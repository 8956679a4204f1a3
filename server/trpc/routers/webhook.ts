import { EVENT_DESCRIPTIONS, EVENT_TYPES } from "../../../lib/event-catalog";
import { getEntitlements } from "../../billing/plan-overrides";
import { createWebhookEndpoint } from "../../webhooks/create-webhook-endpoint";
import { deleteWebhookEndpoint } from "../../webhooks/delete-webhook-endpoint";
import { listWebhookDeliveries } from "../../webhooks/list-webhook-deliveries";
import { listWebhookEndpoints } from "../../webhooks/list-webhook-endpoints";
import { resendWebhookDelivery } from "../../webhooks/resend-webhook-delivery";
import { rotateWebhookSecret } from "../../webhooks/rotate-webhook-secret";
import { sendTestWebhook } from "../../webhooks/send-test-webhook";
import { setWebhookEndpointEnabled } from "../../webhooks/set-webhook-endpoint-enabled";
import { updateWebhookEndpoint } from "../../webhooks/update-webhook-endpoint";
import { ZCreateWebhookEndpoint, ZDeliveryId, ZEndpointId, ZUpdateWebhookEndpoint } from "../../webhooks/webhook-input";
import { z } from "zod";
import { router, workspaceProcedure } from "../init";

// Webhooks are workspace settings: owners and admins (tenant:update), like custom domains.
const manage = () => workspaceProcedure({ permission: "tenant:update" });

export const webhookRouter = router({
  list: manage().query(async ({ ctx }) => ({
    endpoints: await listWebhookEndpoints({ tenantId: ctx.tenant.id }),
    limit: (await getEntitlements({ tenantId: ctx.tenant.id })).limits.webhookEndpoints,
    eventTypes: EVENT_TYPES.map((type) => ({ type, description: EVENT_DESCRIPTIONS[type] })),
  })),
  create: manage()
    .input(ZCreateWebhookEndpoint)
    .mutation(({ ctx, input }) => createWebhookEndpoint({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, ...input })),
  update: manage()
    .input(ZUpdateWebhookEndpoint)
    .mutation(({ ctx, input }) => updateWebhookEndpoint({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, ...input })),
  rotateSecret: manage()
    .input(ZEndpointId)
    .mutation(({ ctx, input }) => rotateWebhookSecret({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, endpointId: input.endpointId })),
  setEnabled: manage()
    .input(ZEndpointId.extend({ enabled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await setWebhookEndpointEnabled({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, ...input });
      return { ok: true };
    }),
  remove: manage()
    .input(ZEndpointId)
    .mutation(async ({ ctx, input }) => {
      await deleteWebhookEndpoint({ tenantId: ctx.tenant.id, actorUserId: ctx.user.id, meta: ctx.meta, endpointId: input.endpointId });
      return { ok: true };
    }),
  sendTest: manage()
    .input(ZEndpointId)
    .mutation(({ ctx, input }) => sendTestWebhook({ tenantId: ctx.tenant.id, endpointId: input.endpointId, actorUserId: ctx.user.id, meta: ctx.meta })),
  deliveries: manage()
    .input(ZEndpointId)
    .query(({ ctx, input }) => listWebhookDeliveries({ tenantId: ctx.tenant.id, endpointId: input.endpointId })),
  resend: manage()
    .input(ZDeliveryId)
    .mutation(({ ctx, input }) => resendWebhookDelivery({ tenantId: ctx.tenant.id, deliveryId: input.deliveryId, actorUserId: ctx.user.id, meta: ctx.meta })),
});
