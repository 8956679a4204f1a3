import { count, desc, eq } from "drizzle-orm";
import { withTenant } from "../db/with-tenant";
import { auditEvents, users } from "../db/schema";

export type ListAuditEventsOptions = { tenantId: string; page: number; pageSize: number };

export async function listAuditEvents({ tenantId, page, pageSize }: ListAuditEventsOptions) {
  return withTenant(tenantId, async (tx) => {
    const [totals] = await tx.select({ total: count() }).from(auditEvents);
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
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize);
    const total = totals?.total ?? 0;
    return { items, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
  });
}
