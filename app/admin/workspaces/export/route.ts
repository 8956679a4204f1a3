import { readOperatorRoute } from "@/server/auth/operator-access";
import { isAppError } from "@/server/errors";
import { csvResponse } from "@/server/http/csv-response";
import { headersOnly, textResponse } from "@/server/http/text-response";
import { streamWorkspacesCsv } from "@/server/operators/export-workspaces-csv";
import { parseWorkspaceListQuery } from "@/server/operators/list-workspaces";

// The console's CSV export of the (filtered, sorted) workspace list: operators only, on the
// console host only; streamed in audited batches as the client reads.
export async function GET(req: Request) {
  const reader = await readOperatorRoute(req);
  if (reader instanceof Response) return reader;
  try {
    const query = parseWorkspaceListQuery(new URL(req.url).searchParams);
    const csv = await streamWorkspacesCsv({ ...reader, query: { ...query, after: null } });
    return csvResponse(csv, `workspaces-${new Date().toISOString().slice(0, 10)}.csv`);
  } catch (error) {
    if (isAppError(error) && (error.code === "BAD_REQUEST" || error.code === "NOT_FOUND")) return textResponse(error.status, error.message);
    throw error;
  }
}

// Headers only: Next would otherwise run GET for a HEAD, reading and auditing a first batch of
// workspaces that nobody downloads.
export async function HEAD(req: Request) {
  const reader = await readOperatorRoute(req);
  if (reader instanceof Response) return headersOnly(reader);
  try {
    parseWorkspaceListQuery(new URL(req.url).searchParams);
  } catch (error) {
    if (isAppError(error) && (error.code === "BAD_REQUEST" || error.code === "NOT_FOUND")) return headersOnly(textResponse(error.status, error.message));
    throw error;
  }
  return csvResponse(null, `workspaces-${new Date().toISOString().slice(0, 10)}.csv`);
}
