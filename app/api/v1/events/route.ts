import { methodNotAllowed } from "@/server/api/other-methods";
import { json } from "@/server/api/respond";
import { withApiKey } from "@/server/api/with-api-key";
import { listEvents, parseEventsQuery } from "@/server/events/list-events";

export const GET = withApiKey("events:read", async (req, { principal }) => {
  const query = parseEventsQuery(new URL(req.url).searchParams);
  return json(await listEvents({ tenantId: principal.tenantId, ...query }));
});

const refused = methodNotAllowed("GET");
export { refused as POST, refused as PUT, refused as PATCH, refused as DELETE };
