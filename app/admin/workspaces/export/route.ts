import { getSessionUser } from "@/server/auth/current-user";
import { currentSessionIdOf } from "@/server/auth/current-session-id";
import { consoleSignInUrl, operatorAccess } from "@/server/auth/operator-access";
import { env } from "@/server/env";
import { isAppError } from "@/server/errors";
import { parseHost } from "@/server/hosts/parse-host";
import { requestHost, requestMetaFromHeaders } from "@/server/http/request-meta";
import { textResponse } from "@/server/http/text-response";
import { streamWorkspacesCsv } from "@/server/operators/export-workspaces-csv";
import { parseWorkspaceListQuery } from "@/server/operators/list-workspaces";

// The console's CSV export of the (filtered, sorted) workspace list: operators only, on the
// console host only; streamed in audited batches as the client reads.
export async function GET(req: Request) {
  if (parseHost(requestHost(req.headers), env.ROOT_DOMAIN).kind !== "admin") return textResponse(404, "Not found.");
  const access = await operatorAccess();
  if (access.kind !== "operator") {
    // Signed out here: the same round trip as the console's pages (sign in on the apex, come back).
    if (access.kind === "none" && !(await getSessionUser())) return Response.redirect(await consoleSignInUrl(), 303);
    return textResponse(404, "Not found.");
  }
  try {
    const query = parseWorkspaceListQuery(new URL(req.url).searchParams);
    const csv = await streamWorkspacesCsv({ sessionId: await currentSessionIdOf(access.user.id), meta: requestMetaFromHeaders(req.headers), query: { ...query, after: null } });
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="workspaces-${new Date().toISOString().slice(0, 10)}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    if (isAppError(error) && (error.code === "BAD_REQUEST" || error.code === "NOT_FOUND")) return textResponse(error.status, error.message);
    throw error;
  }
}
