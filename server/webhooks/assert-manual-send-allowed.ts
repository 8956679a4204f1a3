import "server-only";
import { and, count, eq, inArray } from "drizzle-orm";
import type { Transaction } from "../db/client";
import { webhookDeliveries } from "../db/schema";
import { AppError } from "../errors";

/** Test sends and resends one endpoint may have queued at once: enough for any person, not for a flood. */
export const MAX_QUEUED_MANUAL_SENDS = 20;

/** Refuses another test send or resend while too many of them still wait for this endpoint. */
export async function assertManualSendAllowed(tx: Transaction, tenantId: string, endpointId: string): Promise<void> {
  const [queued] = await tx
    .select({ n: count() })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.tenantId, tenantId),
        eq(webhookDeliveries.endpointId, endpointId),
        eq(webhookDeliveries.status, "pending"),
        inArray(webhookDeliveries.kind, ["test", "resend"]),
      ),
    );
  if ((queued?.n ?? 0) >= MAX_QUEUED_MANUAL_SENDS) {
    throw new AppError("TOO_MANY_REQUESTS", `${MAX_QUEUED_MANUAL_SENDS} test sends or resends are still waiting for this endpoint. Wait until they have been delivered (or have failed), then try again.`, {
      retryAfterSeconds: 60,
    });
  }
}
