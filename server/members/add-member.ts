import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { withTenant } from "../db/with-tenant";
import { memberships, type MembershipRole } from "../db/schema";
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
    await recordAuditEvent(tx, {
      tenantId,
      actorUserId,
      action: "member.added",
      target: `user:${userId}`,
      metadata: { role },
      meta,
    });
  });
}
