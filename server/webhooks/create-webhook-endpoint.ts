import "server-only";
import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { formatLimit } from "../../lib/plans";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { admissionLimit, planChangeUnderWay } from "../billing/entitlements";
import { tenants, webhookEndpoints } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { AppError } from "../errors";
import { generateWebhookSecret, sealWebhookSecret } from "./secret-box";
import type { CreateWebhookEndpointInput } from "./webhook-input";
import { checkWebhookUrl, webhookNetworkPolicy, type WebhookNetworkPolicy } from "./webhook-network-policy";
import { auditUrl } from "./audit-url";

export type CreateWebhookEndpointOptions = CreateWebhookEndpointInput & {
  tenantId: string;
  actorUserId: string | null;
  meta: RequestMeta;
  policy?: WebhookNetworkPolicy;
};

/**
 * Adds an endpoint and returns its signing secret: the only time it is shown (stored sealed).
 * The URL is checked (form and resolved addresses) before the transaction opens: no DNS lookup
 * while a connection is held. The plan's endpoint limit is counted under the workspace row's lock.
 */
export async function createWebhookEndpoint(options: CreateWebhookEndpointOptions) {
  const url = await checkWebhookUrl(options.url, options.policy ?? webhookNetworkPolicy());
  const id = randomUUID();
  const secret = generateWebhookSecret();
  const endpoint = await withTenant(options.tenantId, async (tx) => {
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, options.tenantId)).for("update");
    if (!tenant) throw new AppError("NOT_FOUND", "Workspace not found.");
    const subject = { ...tenant, overrides: tenant.planOverrides };
    const limit = admissionLimit(subject, "webhookEndpoints");
    const [existing] = await tx.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.tenantId, options.tenantId));
    if (limit !== "unlimited" && (existing?.n ?? 0) >= limit) {
      const moving = planChangeUnderWay(subject, "webhookEndpoints");
      if (moving) throw new AppError("CONFLICT", `The workspace is moving to ${moving}, which allows ${formatLimit(limit)} webhook endpoints. Delete one first.`);
      throw new AppError("CONFLICT", `Your plan allows ${formatLimit(limit)} webhook endpoint${limit === 1 ? "" : "s"}. Delete one or upgrade your plan.`);
    }
    const [created] = await tx
      .insert(webhookEndpoints)
      .values({
        tenantId: options.tenantId,
        id,
        url: url.toString(),
        description: options.description,
        eventTypes: [...new Set(options.eventTypes)].sort(),
        secretSealed: sealWebhookSecret(secret, { tenantId: options.tenantId, endpointId: id }),
        createdBy: options.actorUserId,
      })
      .returning();
    await recordAuditEvent(tx, {
      tenantId: options.tenantId,
      actorUserId: options.actorUserId,
      action: "webhook_endpoint.created",
      target: `webhook_endpoint:${id}`,
      metadata: { url: auditUrl(created!.url), eventTypes: created!.eventTypes },
      meta: options.meta,
    });
    return created!;
  });
  return { id: endpoint.id, url: endpoint.url, secret };
}
