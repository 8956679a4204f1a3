import { count, desc, eq, sql } from "drizzle-orm";
import { auditWhere, type AuditFilters } from "./audit-filters";
import { withTenant } from "../db/with-tenant";
import { auditEvents, users } from "../db/schema";

export type ListAuditEventsOptions = { tenantId: string; page: number; pageSize: number; filters?: AuditFilters };

export async function listAuditEvents({ tenantId, page, pageSize, filters = {} }: ListAuditEventsOptions) {
  const where = auditWhere(filters);
  return withTenant(tenantId, async (tx) => {
    const [totals] = await tx.select({ total: count() }).from(auditEvents).where(where);
    const items = await tx
      .select({
        id: auditEvents.id,
        action: auditEvents.action,
        target: auditEvents.target,
        ip: auditEvents.ip,
        userAgent: auditEvents.userAgent,
        metadata: auditEvents.metadata,
        createdAt: auditEvents.createdAt,
        actorName: users.name,
        actorEmail: users.email,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorUserId))
      .where(where)
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize);
    const total = totals?.total ?? 0;
    const actions = await tx.execute<{ action: string }>(sql`select distinct action from audit_events order by action`);
    return { items, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)), actions: actions.map((a) => a.action) };
  });
}
