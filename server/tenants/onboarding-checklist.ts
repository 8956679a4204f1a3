import { and, count, eq, isNull } from "drizzle-orm";
import { withTenant } from "../db/with-tenant";
import { apiKeys, invitations, memberships, tenants } from "../db/schema";

export type ChecklistItem = { id: "branding" | "team" | "plan" | "api-key"; label: string; href: string; done: boolean };

/** The Overview's getting-started checklist, derived from what the workspace already has. */
export async function getOnboardingChecklist({ tenantId }: { tenantId: string }): Promise<ChecklistItem[]> {
  return withTenant(tenantId, async (tx) => {
    const [tenant] = await tx.select({ brandColor: tenants.brandColor, status: tenants.status }).from(tenants).where(eq(tenants.id, tenantId));
    const [members] = await tx.select({ n: count() }).from(memberships);
    const [pending] = await tx.select({ n: count() }).from(invitations).where(and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
    const [keys] = await tx.select({ n: count() }).from(apiKeys);
    return [
      { id: "branding", label: "Add your brand colour and description", href: "/dashboard/settings", done: !!tenant?.brandColor },
      { id: "team", label: "Invite your team", href: "/dashboard/members", done: (members?.n ?? 0) > 1 || (pending?.n ?? 0) > 0 },
      { id: "plan", label: "Choose a plan", href: "/dashboard/billing", done: tenant?.status !== "trialing" },
      { id: "api-key", label: "Create an API key and send your first event", href: "/dashboard/api-keys", done: (keys?.n ?? 0) > 0 },
    ];
  });
}
