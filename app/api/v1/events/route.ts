import { json } from "@/server/api/respond";
import { withApiKey } from "@/server/api/with-api-key";
import { listEvents, parseEventsQuery } from "@/server/events/list-events";

export const GET = withApiKey("events:read", async (req, { principal }) => {
  const query = parseEventsQuery(new URL(req.url).searchParams);
  return json(await listEvents({ tenantId: principal.tenantId, ...query }));
});
