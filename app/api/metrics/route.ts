import { apiError } from "@/server/api/respond";
import { env } from "@/server/env";
import { renderMetrics } from "@/server/metrics/render-metrics";

export const dynamic = "force-dynamic";

// Prometheus scrape endpoint (README, "Observability"): `Authorization: Bearer $METRICS_TOKEN`.
export async function GET(req: Request) {
  const answer = await renderMetrics({ authorization: req.headers.get("authorization"), token: env.METRICS_TOKEN });
  if (answer.status !== 200) {
    return answer.status === 404
      ? apiError(404, "not_found", answer.message)
      : apiError(401, "unauthorized", answer.message, {}, { "WWW-Authenticate": "Bearer" });
  }
  return new Response(answer.body, { headers: { "Content-Type": answer.contentType, "Cache-Control": "no-store" } });
}
