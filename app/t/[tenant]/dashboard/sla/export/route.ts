import { getEntitlements } from "@/server/billing/plan-overrides";
import { csvResponse } from "@/server/http/csv-response";
import { routeMember, textResponse as text } from "@/server/http/route-member";
import { SLA_CSV_HEADER, slaCsvRow } from "@/server/sla/sla-csv";
import { monthsBack, workspaceSlaReport } from "@/server/sla/workspace-sla";

// The workspace's SLA reports as CSV, one row per month (the last 12, newest first), on plans with an SLA.
export async function GET(req: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const member = await routeMember(req, slug, { capability: "view", permission: "tenant:read" });
  if (member instanceof Response) return member;
  const { features } = await getEntitlements({ tenantId: member.ctx.tenant.id });
  if (!features.sla99_9 && !features.sla99_99) return text(403, "SLA reports come with plans that include an SLA (Pro and above). Upgrade in Billing.");
  const reports = [];
  for (const month of monthsBack(12)) reports.push(await workspaceSlaReport({ tenantId: member.ctx.tenant.id, month }));
  const csv = [SLA_CSV_HEADER.join(","), ...reports.map((r) => slaCsvRow(r))].join("\r\n") + "\r\n";
  return csvResponse(csv, `sla-${slug}-${new Date().toISOString().slice(0, 7)}.csv`);
}
