import { readOperatorRoute } from "@/server/auth/operator-access";
import { isAppError } from "@/server/errors";
import { csvResponse } from "@/server/http/csv-response";
import { textResponse } from "@/server/http/text-response";
import { listSlaBreaches } from "@/server/sla/list-sla-breaches";
import { slaBreachesCsv } from "@/server/sla/sla-breaches-csv";
import { parseMonth } from "@/server/sla/workspace-sla";

// The console's SLA breach list as CSV (`?month=YYYY-MM`): operators only, on the console host
// only. One audited read; bounded by the number of workspaces with an SLA that fell short.
export async function GET(req: Request) {
  const reader = await readOperatorRoute(req);
  if (reader instanceof Response) return reader;
  try {
    const month = parseMonth(new URL(req.url).searchParams.get("month"));
    const list = await listSlaBreaches({ ...reader, month });
    return csvResponse(slaBreachesCsv(list), `sla-breaches-${list.month}.csv`);
  } catch (error) {
    if (isAppError(error) && (error.code === "BAD_REQUEST" || error.code === "NOT_FOUND")) return textResponse(error.status, error.message);
    throw error;
  }
}
