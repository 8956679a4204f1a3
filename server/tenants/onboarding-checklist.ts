import { and, count, eq, isNull, sql } from "drizzle-orm";
import { withTenant } from "../db/with-tenant";
import { invitations, memberships, tenants, usageEvents } from "../db/schema";

export type ChecklistItem = { id: "branding" | "team" | "plan" | "api-key"; label: string; href: string; done: boolean };

type ChecklistTenant = { id: string; brandColor: string | null; status: string; memberCount: number };

/**
 * The Overview's getting-started checklist, derived from what the workspace already has. The
 * workspace row and member count come from the caller (the dashboard frame read them); the rest
 * is one statement.
 */
export async function getOnboardingChecklist(tenant: ChecklistTenant): Promise<ChecklistItem[]> {
  const counts = await withTenant(tenant.id, async (tx) => {
    const [row] = await tx
      .select({
        pending: sql<number>`(${tx
          .select({ n: count() })
          .from(invitations)
          .where(and(eq(invitations.tenantId, tenant.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))})`.mapWith(Number),
        // The item is done when the product has reported usage, not merely when a key exists (the
        // primary key's index leads with tenant_id: one index probe).
        reported: sql<boolean>`exists (select 1 from ${usageEvents} where ${usageEvents.tenantId} = ${tenant.id})`,
      })
      .from(sql`(select 1) as one`);
    return row ?? { pending: 0, reported: false };
  });
  return [
    { id: "branding", label: "Add your brand colour and description", href: "/dashboard/settings", done: !!tenant.brandColor },
    { id: "team", label: "Invite your team", href: "/dashboard/members", done: tenant.memberCount > 1 || counts.pending > 0 },
    { id: "plan", label: "Choose a plan", href: "/dashboard/billing", done: tenant.status !== "trialing" },
    { id: "api-key", label: "Create an API key and send your first event", href: "/dashboard/api-keys", done: counts.reported },
  ];
}

/** The checklist for a workspace by id (tests and callers without the frame). */
export async function getOnboardingChecklistFor(tenantId: string): Promise<ChecklistItem[]> {
  const tenant = await withTenant(tenantId, async (tx) => {
    const [row] = await tx
      .select({
        id: tenants.id,
        brandColor: tenants.brandColor,
        status: tenants.status,
        memberCount: sql<number>`(${tx.select({ n: count() }).from(memberships).where(eq(memberships.tenantId, tenantId))})`.mapWith(Number),
      })
      .from(tenants)
      .where(eq(tenants.id, tenantId));
    return row;
  });
  if (!tenant) return [];
  return getOnboardingChecklist(tenant);
}
