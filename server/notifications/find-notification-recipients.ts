import { and, eq, inArray } from "drizzle-orm";
import type { Transaction } from "../db/client";
import { memberships, users, type EventActor, type MembershipRole } from "../db/schema";
import type { NotificationDraft } from "./describe-notification";

/** `locale`: the language the person chose (users.locale; null: never chose), for their emails. */
export type WorkspaceMember = { userId: string; email: string; role: MembershipRole; locale: string | null };

/** The workspace's owners, admins and billing members: everyone a notification can go to (one statement). */
export async function loadNotifiableMembers(tx: Transaction, tenantId: string): Promise<WorkspaceMember[]> {
  return tx
    .select({ userId: memberships.userId, email: users.email, role: memberships.role, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), inArray(memberships.role, ["owner", "admin", "billing"])));
}

export type FindNotificationRecipientsOptions = { draft: NotificationDraft; actor: EventActor; members: WorkspaceMember[]; requester: WorkspaceMember | null };

/**
 * Who gets a notification. An export goes to the member who asked for it; when a job or an
 * operator asked, or that person has left, to the owners and admins instead.
 */
export function findNotificationRecipients({ draft, actor, members, requester }: FindNotificationRecipientsOptions): WorkspaceMember[] {
  const { audience } = draft;
  let chosen: WorkspaceMember[];
  if ("requester" in audience) {
    chosen = actor.type === "user" && requester ? [requester] : members.filter((m) => (audience.fallbackRoles as MembershipRole[]).includes(m.role));
  } else {
    chosen = members.filter((m) => (audience.roles as MembershipRole[]).includes(m.role));
  }
  return chosen.filter((m) => m.userId !== draft.exceptUserId);
}
