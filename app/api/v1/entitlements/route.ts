import { methodNotAllowed } from "@/server/api/other-methods";
import { json } from "@/server/api/respond";
import { withApiKey } from "@/server/api/with-api-key";

// The product's hot-path call: served from the cached usage snapshot.
export const GET = withApiKey("usage:read", async (_req, { snapshot }) =>
  json({
    plan: snapshot.tenant.planId,
    status: snapshot.tenant.status,
    period: { start: snapshot.period.start.toISOString(), end: snapshot.period.end.toISOString() },
    features: snapshot.features,
    limits: snapshot.limits,
    usage: snapshot.usage,
  }),
);

const refused = methodNotAllowed("GET");
export { refused as POST, refused as PUT, refused as PATCH, refused as DELETE };
