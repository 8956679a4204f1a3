import { desc, eq } from "drizzle-orm";
import { withTenant } from "../db/with-tenant";
import { auditEvents, users } from "../db/schema";
import { auditWhere, type AuditFilters } from "./audit-filters";

const MAX_ROWS = 100_000;

/** One CSV cell: quoted, and never starting with a formula character (CSV injection). */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** The filtered audit log as CSV (UTC timestamps), newest first, capped at MAX_ROWS. */
export async function exportAuditCsv({ tenantId, filters }: { tenantId: string; filters: AuditFilters }): Promise<string> {
  const rows = await withTenant(tenantId, (tx) =>
    tx
      .select({
        createdAt: auditEvents.createdAt,
        actorEmail: users.email,
        action: auditEvents.action,
        target: auditEvents.target,
        ip: auditEvents.ip,
        userAgent: auditEvents.userAgent,
        metadata: auditEvents.metadata,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorUserId))
      .where(auditWhere(filters))
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(MAX_ROWS),
  );
  const header = ["time_utc", "actor", "action", "target", "ip", "user_agent", "metadata"].join(",");
  const lines = rows.map((r) => [r.createdAt.toISOString(), r.actorEmail, r.action, r.target, r.ip, r.userAgent, r.metadata].map(csvCell).join(","));
  return [header, ...lines].join("\r\n") + "\r\n";
}
