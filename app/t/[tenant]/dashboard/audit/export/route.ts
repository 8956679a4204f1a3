import { ZAuditFilters } from "@/server/audit/audit-filters";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { withTenant } from "@/server/db/with-tenant";
import { streamAuditCsv } from "@/server/audit/export-audit-csv";
import { getEntitlements } from "@/server/billing/plan-overrides";
import { isAppError } from "@/server/errors";
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
  // Streamed in keyset batches as the client reads (a large log is never held in memory). Its
  // first batch is read before the export is recorded, so the file does not list itself.
  let csv: ReadableStream<Uint8Array>;
  try {
    csv = await streamAuditCsv({ tenantId: ctx.tenant.id, filters: filters.data });
  } catch (error) {
    if (isAppError(error) && error.code === "TOO_MANY_REQUESTS") return text(429, error.message, { "Retry-After": String(error.retryAfterSeconds ?? 30) });
    throw error;
  }
  // Recorded: who took the log away, and (for Insights) that the plan's audit log export is in use.
  try {
    await withTenant(ctx.tenant.id, (tx) =>
      recordAuditEvent(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.user.id, action: "audit.exported", target: null, metadata: { filters: filters.data }, meta: ctx.meta }),
    );
  } catch (error) {
    await csv.cancel();
    throw error;
  }
  return csvResponse(csv, `audit-${slug}-${new Date().toISOString().slice(0, 10)}.csv`);
}
