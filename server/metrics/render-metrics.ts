import { matchesBearerToken } from "../http/bearer-token";
import { metrics } from "./metrics";

export type MetricsAnswer = { status: 200; contentType: string; body: string } | { status: 401 | 404; message: string };

/**
 * The Prometheus scrape: 404 when METRICS_TOKEN is not configured (the endpoint does not exist),
 * 401 without `Authorization: Bearer $METRICS_TOKEN`, else every series in the text format.
 */
export async function renderMetrics({ authorization, token }: { authorization: string | null; token: string | undefined }): Promise<MetricsAnswer> {
  if (!token) return { status: 404, message: "Not found." };
  if (!matchesBearerToken(authorization, token)) return { status: 401, message: "A valid bearer token is required." };
  const { registry } = metrics();
  return { status: 200, contentType: registry.contentType, body: await registry.metrics() };
}
