import { asc, eq } from "drizzle-orm";
import { tenantStatusChanges, users, type StatusChangeSource } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { AppError } from "../errors";
import { checkWorkspaceId, type Operator } from "./operator-action";

export type TimelineEntry = {
  at: Date;
  from: string | null;
  to: string;
  source: StatusChangeSource;
  reason: string;
  /** The operator or owner who acted, when one did (null for webhooks and the sweep). */
  actor: { id: string; email: string } | null;
};

export type GetWorkspaceTimelineOptions = { operator: Operator; tenantId: string; limit?: number };

/** A workspace's lifecycle, oldest first: every status change with its cause (operators, either role). */
export async function getWorkspaceTimeline({ operator, tenantId, limit = 500 }: GetWorkspaceTimelineOptions): Promise<TimelineEntry[]> {
  if (!operator || (operator.role !== "admin" && operator.role !== "support")) throw new AppError("FORBIDDEN", "Only operators can read a workspace's timeline.");
  const rows = await withTenant(checkWorkspaceId(tenantId), (tx) =>
    tx
      .select({ change: tenantStatusChanges, email: users.email })
      .from(tenantStatusChanges)
      .leftJoin(users, eq(users.id, tenantStatusChanges.actorUserId))
      .where(eq(tenantStatusChanges.tenantId, tenantId))
      .orderBy(asc(tenantStatusChanges.createdAt), asc(tenantStatusChanges.id))
      .limit(Math.min(Math.max(1, limit), 1000)),
  );
  return rows.map(({ change, email }) => ({
    at: change.createdAt,
    from: change.fromStatus,
    to: change.toStatus,
    source: change.source,
    reason: change.reason,
    actor: change.actorUserId && email ? { id: change.actorUserId, email } : null,
  }));
}
