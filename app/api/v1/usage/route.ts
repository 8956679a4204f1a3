import { methodNotAllowed } from "@/server/api/other-methods";
import { json } from "@/server/api/respond";
import { readJsonBody } from "@/server/api/read-body";
import { withApiKey } from "@/server/api/with-api-key";
import { env } from "@/server/env";
import { ingestUsage, parseUsageBody } from "@/server/usage/ingest-usage";
import { usageSeries, ZUsageSeriesQuery } from "@/server/usage/usage-series";

export const POST = withApiKey("usage:write", async (req, { principal }) => {
  const events = parseUsageBody(await readJsonBody(req, env.API_MAX_BODY_BYTES));
  // ingestUsage brings this instance's cached usage snapshot up to date itself.
  const result = await ingestUsage({ tenantId: principal.tenantId, events, actor: { type: "api_key", id: principal.keyId } });
  return json(result, result.accepted > 0 ? 201 : 200);
});

export const GET = withApiKey("usage:read", async (req, { principal }) => {
  const query = ZUsageSeriesQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  return json(await usageSeries({ tenantId: principal.tenantId, ...query }));
});

const refused = methodNotAllowed("GET", "POST");
export { refused as PUT, refused as PATCH, refused as DELETE };
