import { and, eq } from "drizzle-orm";
import { withTenant } from "../../db/with-tenant";
import { localCheckoutSessions } from "../../db/schema";
import { isUuid } from "../../../lib/ids";

export async function getLocalCheckout({ tenantId, sessionId }: { tenantId: string; sessionId: string }) {
  // 36 hyphens passed the old shape check and failed inside the query.
  if (!isUuid(sessionId)) return null;
  const [session] = await withTenant(tenantId, (tx) =>
    tx
      .select()
      .from(localCheckoutSessions)
      .where(and(eq(localCheckoutSessions.tenantId, tenantId), eq(localCheckoutSessions.id, sessionId))),
  );
  return session ?? null;
}
