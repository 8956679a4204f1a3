import { and, eq } from "drizzle-orm";
import { withTenant } from "../../db/with-tenant";
import { localCheckoutSessions } from "../../db/schema";

export async function getLocalCheckout({ tenantId, sessionId }: { tenantId: string; sessionId: string }) {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return null;
  const [session] = await withTenant(tenantId, (tx) =>
    tx
      .select()
      .from(localCheckoutSessions)
      .where(and(eq(localCheckoutSessions.tenantId, tenantId), eq(localCheckoutSessions.id, sessionId))),
  );
  return session ?? null;
}
