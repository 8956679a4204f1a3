import { ZAuditFilters, type AuditFilters } from "@/server/audit/audit-filters";
import { recordAuditEvent } from "@/server/audit/record-audit-event";
import { withTenant } from "@/server/db/with-tenant";
import { streamAuditCsv } from "@/server/audit/export-audit-csv";
import { getEntitlements } from "@/server/billing/plan-overrides";
import { isAppError } from "@/server/errors";
import { csvResponse } from "@/server/http/csv-response";
import { routeMember, textResponse as text, unavailableResponse, type RouteMember } from "@/server/http/route-member";
import { headersOnly } from "@/server/http/text-response";

type Params = { params: Promise<{ tenant: string }> };
type Ready = { ctx: RouteMember["ctx"]; filters: AuditFilters; filename: string };

/** Who may export, with which filters: the answer GET and HEAD share (a Response when refused). */
async function prepareExport(req: Request, { params }: Params): Promise<Ready | Response> {
  const { tenant: slug } = await params;
  const member = await routeMember(req, slug, { capability: "view", permission: "audit:read", forbidden: "Only owners and admins can export the audit log." });
  if (member instanceof Response) return member;
  const { ctx } = member;
  try {
    if (!(await getEntitlements({ tenantId: ctx.tenant.id })).features.auditLogExport) {
      return text(403, "Audit log export is included in Pro and above. Upgrade in Billing.");
    }
  } catch (error) {
    return unavailableResponse(error) ?? Promise.reject(error);
  }
  const filters = ZAuditFilters.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!filters.success) return text(400, filters.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n"));
  return { ctx, filters: filters.data, filename: `audit-${slug}-${new Date().toISOString().slice(0, 10)}.csv` };
}

// CSV download of the (filtered) audit log: owners and admins, on plans with audit log export.
export async function GET(req: Request, context: Params) {
  const ready = await prepareExport(req, context);
  if (ready instanceof Response) return ready;
  const { ctx, filters, filename } = ready;
  // Streamed in keyset batches as the client reads (a large log is never held in memory). Its
  // first batch is read before the export is recorded, so the file does not list itself.
  let csv: ReadableStream<Uint8Array>;
  try {
    csv = await streamAuditCsv({ tenantId: ctx.tenant.id, filters, signal: req.signal });
  } catch (error) {
    if (req.signal.aborted) return text(400, "The download was abandoned.");
    // Every place taken (429), a search too slow for the log (400): the reason, in words.
    if (isAppError(error)) return text(error.status, error.message, error.retryAfterSeconds ? { "Retry-After": String(error.retryAfterSeconds) } : {});
    return unavailableResponse(error) ?? Promise.reject(error);
  }
  // The client hung up while the first batch was read: nothing was exported, nothing is recorded.
  if (req.signal.aborted) {
    await csv.cancel();
    return text(400, "The download was abandoned.");
  }
  // Recorded: who took the log away, and (for Insights) that the plan's audit log export is in use.
  try {
    await withTenant(ctx.tenant.id, (tx) =>
      recordAuditEvent(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.user.id, action: "audit.exported", target: null, metadata: { filters }, meta: ctx.meta }),
    );
  } catch (error) {
    await csv.cancel();
    return unavailableResponse(error) ?? Promise.reject(error);
  }
  return csvResponse(csv, filename);
}

// What a GET would answer, headers only: Next would otherwise run GET for a HEAD, reading the log,
// recording an export nobody downloaded and holding one of the workspace's two download places
// (its body is never read, so never cancelled).
export async function HEAD(req: Request, context: Params) {
  const ready = await prepareExport(req, context);
  if (ready instanceof Response) return headersOnly(ready);
  return csvResponse(null, ready.filename);
}
