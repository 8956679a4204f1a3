import { apiError, json } from "@/server/api/respond";
import { withApiKey } from "@/server/api/with-api-key";
import { FEATURES, USAGE_METRICS, type Feature, type UsageMetric } from "@/lib/plans";

export const GET = withApiKey<{ feature: string }>("usage:read", async (_req, { snapshot }, { feature }) => {
  if ((FEATURES as readonly string[]).includes(feature)) {
    return json({ feature, enabled: snapshot.features[feature as Feature] });
  }
  if (feature in USAGE_METRICS) {
    return json({ metric: feature, ...snapshot.usage[feature as UsageMetric], periodEnd: snapshot.period.end.toISOString() });
  }
  return apiError(404, "not_found", `Unknown feature or metric "${feature.slice(0, 64)}". Known: ${[...FEATURES, ...Object.keys(USAGE_METRICS)].join(", ")}.`);
});
