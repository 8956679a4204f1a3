import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { withTenant } from "../db/with-tenant";
import { actorOf, recordEvent } from "../events/record-event";
import { eq } from "drizzle-orm";
import { memberships, users, type MembershipRole } from "../db/schema";
import { AppError } from "../errors";

export type AddMemberOptions = {
  tenantId: string;
  userId: string;
  role: MembershipRole;
  actorUserId: string | null;
  meta: RequestMeta;
};

export async function addMember({ tenantId, userId, role, actorUserId, meta }: AddMemberOptions): Promise<void> {
  await withTenant(tenantId, async (tx) => {
    const inserted = await tx
      .insert(memberships)
      .values({ tenantId, userId, role })
      .onConflictDoNothing()
      .returning({ userId: memberships.userId });
    if (!inserted.length) throw new AppError("CONFLICT", "This person is already a member.");
    const [person] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
    await recordAuditEvent(tx, {
      tenantId,
      actorUserId,
      action: "member.added",
      target: `user:${userId}`,
      metadata: { role, email: person?.email ?? null },
      meta,
    });
    await recordEvent(tx, { tenantId, type: "member.joined", data: { userId, email: person?.email ?? "", role }, actor: actorOf(actorUserId, meta) });
  });
}
