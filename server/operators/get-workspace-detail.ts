import { eq } from "drizzle-orm";
import { listApiKeys } from "../api-keys/manage-api-keys";
import { listAuditEvents } from "../audit/list-audit-events";
import { getBillingOverview } from "../billing/get-billing-overview";
import { subscriptions, tenants } from "../db/schema";
import { readTogether, withTenant } from "../db/with-tenant";
import { listDomains } from "../domains/domains";
import { AppError } from "../errors";
import { listMembers } from "../members/list-members";
import { getUsageSnapshot } from "../usage/usage-snapshot";
import { checkWorkspaceId, type Operator } from "./operator-action";
import { getWorkspaceTimeline } from "./get-workspace-timeline";

export type GetWorkspaceDetailOptions = { operator: Operator; tenantId: string };

/** How many of the workspace's newest audit events the detail page shows. */
export const DETAIL_AUDIT_EVENTS = 20;

/**
 * Everything the operator's workspace detail page shows, in one read transaction (readTogether),
 * from the same domain functions the workspace's own pages use. Call it only after the audited
 * console read (getWorkspaceOrThrow) has checked the session and recorded the view. API keys come
 * as metadata only: never their hashes. Operators of either role; deleted workspaces included.
 */
export async function getWorkspaceDetail({ operator, tenantId }: GetWorkspaceDetailOptions) {
  if (!operator || (operator.role !== "admin" && operator.role !== "support")) throw new AppError("FORBIDDEN", "Only operators can see this.");
  const id = checkWorkspaceId(tenantId);
  return readTogether(id, async () => {
    // Overrides and provider ids are what the billing overview leaves out.
    const [row] = await withTenant(id, (tx) =>
      tx
        .select({ planOverrides: tenants.planOverrides, deletedAt: tenants.deletedAt, operatorSuspendedAt: tenants.operatorSuspendedAt, customerId: subscriptions.customerId, subscriptionId: subscriptions.subscriptionId })
        .from(tenants)
        .leftJoin(subscriptions, eq(subscriptions.tenantId, tenants.id))
        .where(eq(tenants.id, id)),
    );
    if (!row) throw new AppError("NOT_FOUND", "Workspace not found.");
    const billing = await getBillingOverview({ tenantId: id });
    const usage = await getUsageSnapshot(id);
    const members = await listMembers({ tenantId: id });
    const domains = await listDomains({ tenantId: id });
    const keys = await listApiKeys({ tenantId: id });
    const audit = await listAuditEvents({ tenantId: id, pageSize: DETAIL_AUDIT_EVENTS });
    const timeline = await getWorkspaceTimeline({ operator, tenantId: id });
    return {
      tenant: { ...billing.tenant, deletedAt: row.deletedAt, operatorSuspendedAt: row.operatorSuspendedAt },
      effectivePlanId: billing.effectivePlanId,
      overrides: row.planOverrides,
      provider: billing.provider,
      subscription: billing.subscription ? { ...billing.subscription, customerId: row.customerId, subscriptionId: row.subscriptionId } : null,
      invoices: billing.invoices,
      usage: { period: usage.period, limits: usage.limits, usage: usage.usage },
      members: members.map((m) => ({ userId: m.userId, name: m.name, email: m.email, role: m.role, joinedAt: m.joinedAt })),
      domains: domains.map((d) => ({ id: d.id, hostname: d.hostname, status: d.status, createdAt: d.createdAt, disablesAt: d.disablesAt })),
      // Picked field by field: a key's hash (or anything added to the table later) never leaves here.
      apiKeys: keys.map((k) => ({ id: k.id, name: k.name, prefix: k.prefix, scopes: k.scopes, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt, expiresAt: k.expiresAt, revokedAt: k.revokedAt, createdByName: k.createdByName })),
      audit: audit.items.map((e) => ({ id: e.id, action: e.action, target: e.target, createdAt: e.createdAt, actorName: e.actorName, actorEmail: e.actorEmail })),
      auditTotal: audit.total,
      auditTotalCapped: audit.totalCapped,
      timeline,
    };
  });
}

export type WorkspaceDetail = Awaited<ReturnType<typeof getWorkspaceDetail>>;
