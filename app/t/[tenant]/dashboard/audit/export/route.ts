import { ZAuditFilters } from "@/server/audit/audit-filters";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { withTenant } from "@/server/db/with-tenant";
import { streamAuditCsv } from "@/server/audit/export-audit-csv";
import { getEntitlements } from "@/server/billing/plan-overrides";
import { csvResponse } from "@/server/http/csv-response";
import { routeMember, textResponse as text } from "@/server/http/route-member";

// CSV download of the (filtered) audit log: owners and admins, on plans with audit log export.
export async function GET(req: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const member = await routeMember(req, slug, { capability: "view", permission: "audit:read", forbidden: "Only owners and admins can export the audit log." });
  if (member instanceof Response) return member;
  const { ctx } = member;
  if (!(await getEntitlements({ tenantId: ctx.tenant.id })).features.auditLogExport) {
    return text(403, "Audit log export is included in Pro and above. Upgrade in Billing.");
  }
  const filters = ZAuditFilters.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!filters.success) return text(400, filters.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n"));
  // Recorded: who took the log away, and (for Insights) that the plan's audit log export is in use.
  await withTenant(ctx.tenant.id, (tx) =>
    recordAuditEvent(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.user.id, action: "audit.exported", target: null, metadata: { filters: filters.data }, meta: ctx.meta }),
  );
  // Streamed in keyset batches as the client reads (a large log is never held in memory).
  const csv = await streamAuditCsv({ tenantId: ctx.tenant.id, filters: filters.data });
  return csvResponse(csv, `audit-${slug}-${new Date().toISOString().slice(0, 10)}.csv`);
}
