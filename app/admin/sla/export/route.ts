import { getSessionUser } from "@/server/auth/current-user";
import { currentSessionIdOf } from "@/server/auth/current-session-id";
import { consoleSignInUrl, operatorAccess } from "@/server/auth/operator-access";
import { env } from "@/server/env";
import { isAppError } from "@/server/errors";
import { parseHost } from "@/server/hosts/parse-host";
import { requestHost, requestMetaFromHeaders } from "@/server/http/request-meta";
import { textResponse } from "@/server/http/text-response";
import { listSlaBreaches } from "@/server/sla/list-sla-breaches";
import { slaBreachesCsv } from "@/server/sla/sla-breaches-csv";
import { parseMonth } from "@/server/sla/workspace-sla";

// The console's SLA breach list as CSV (`?month=YYYY-MM`): operators only, on the console host
// only. One audited read; bounded by the number of workspaces with an SLA that fell short.
export async function GET(req: Request) {
  if (parseHost(requestHost(req.headers), env.ROOT_DOMAIN).kind !== "admin") return textResponse(404, "Not found.");
  const access = await operatorAccess();
  if (access.kind !== "operator") {
    if (access.kind === "none" && !(await getSessionUser())) return Response.redirect(await consoleSignInUrl(), 303);
    return textResponse(404, "Not found.");
  }
  try {
    const month = parseMonth(new URL(req.url).searchParams.get("month"));
    const list = await listSlaBreaches({ sessionId: await currentSessionIdOf(access.user.id), meta: requestMetaFromHeaders(req.headers), month });
    return new Response(slaBreachesCsv(list), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="sla-breaches-${list.month}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    if (isAppError(error) && (error.code === "BAD_REQUEST" || error.code === "NOT_FOUND")) return textResponse(error.status, error.message);
    throw error;
  }
}
