import { methodNotAllowed } from "@/server/api/other-methods";
import { apiError, json } from "@/server/api/respond";
import { withApiKey } from "@/server/api/with-api-key";
import { FEATURES, USAGE_METRICS, type Feature, type UsageMetric } from "@/lib/plans";

const isFeature = (name: string): name is Feature => (FEATURES as readonly string[]).includes(name);
// Own keys only: `toString`, `constructor` or `__proto__` are on every object's prototype.
const isMetric = (name: string): name is UsageMetric => Object.hasOwn(USAGE_METRICS, name);

export const GET = withApiKey<{ feature: string }>("usage:read", async (_req, { snapshot }, { feature }) => {
  if (isFeature(feature)) return json({ feature, enabled: snapshot.features[feature] });
  if (isMetric(feature)) {
    return json({ metric: feature, ...snapshot.usage[feature], periodEnd: snapshot.period.end.toISOString() });
  }
  return apiError(404, "not_found", `Unknown feature or metric "${feature.slice(0, 64)}". Known: ${[...FEATURES, ...Object.keys(USAGE_METRICS)].join(", ")}.`);
});

const refused = methodNotAllowed("GET");
export { refused as POST, refused as PUT, refused as PATCH, refused as DELETE };
