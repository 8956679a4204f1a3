import { methodNotAllowed } from "@/server/api/other-methods";
import { json } from "@/server/api/respond";
import { withApiKey } from "@/server/api/with-api-key";

export const GET = withApiKey("tenant:read", async (_req, { snapshot }) =>
  json({ slug: snapshot.tenant.slug, name: snapshot.tenant.name, plan: snapshot.tenant.planId, status: snapshot.tenant.status, limits: snapshot.limits }),
);

const refused = methodNotAllowed("GET");
export { refused as POST, refused as PUT, refused as PATCH, refused as DELETE };
