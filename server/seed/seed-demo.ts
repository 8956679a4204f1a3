import { count, eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { findTenantBySlug } from "../db/cross-tenant";
import { users } from "../db/schema";
import { addMember } from "../members/add-member";
import { createTenant } from "../tenants/create-tenant";
import { completeOnboarding } from "../tenants/onboarding";
import { createUser } from "../users/create-user";
import { seedInsightHistory } from "./seed-insight-history";
import { seedRevenueHistory } from "./seed-revenue-history";

export const DEMO_PASSWORD = "atrium-demo-1234";

const SEED_META = { ip: null, userAgent: "atrium-seed" };

const DEMO = [
  {
    tenant: { slug: "acme", name: "Acme Inc." },
    people: [
      { email: "alice@acme.test", name: "Alice Owner", role: "owner" as const },
      { email: "adam@acme.test", name: "Adam Admin", role: "admin" as const },
      { email: "mia@acme.test", name: "Mia Member", role: "member" as const },
    ],
  },
  {
    tenant: { slug: "globex", name: "Globex Corporation" },
    people: [
      { email: "grace@globex.test", name: "Grace Owner", role: "owner" as const },
      { email: "bill@globex.test", name: "Bill Billing", role: "billing" as const },
    ],
  },
];

export type DemoSignIn = { email: string; password: string; workspace: string; role: string };

/** Seeds demo tenants through the domain functions. Returns null when users already exist. */
export async function seedDemo(): Promise<DemoSignIn[] | null> {
  const [existing] = await getDb().select({ n: count() }).from(users);
  if ((existing?.n ?? 0) > 0) return null;

  const signIns: DemoSignIn[] = [];
  for (const { tenant, people } of DEMO) {
    const [owner, ...rest] = people;
    const ownerUser = await createUser({ email: owner!.email, name: owner!.name, password: DEMO_PASSWORD, emailVerified: true });
    const created = await createTenant({ userId: ownerUser.id, ...tenant, meta: SEED_META, skipRateLimit: true });
    // Demo workspaces are established ones: their guided setup is behind them.
    await completeOnboarding({ tenantId: created.id, actorUserId: ownerUser.id, meta: SEED_META, skipped: false });
    signIns.push({ email: owner!.email, password: DEMO_PASSWORD, workspace: tenant.slug, role: "owner" });
    for (const person of rest) {
      const user = await createUser({ email: person.email, name: person.name, password: DEMO_PASSWORD, emailVerified: true });
      await addMember({ tenantId: created.id, userId: user.id, role: person.role, actorUserId: ownerUser.id, meta: SEED_META });
      signIns.push({ email: person.email, password: DEMO_PASSWORD, workspace: tenant.slug, role: person.role });
    }
  }
  // Alice also belongs to Globex, so the workspace switcher has somewhere to go.
  const [alice] = await getDb().select().from(users).where(eq(users.email, "alice@acme.test"));
  const globex = await findTenantBySlug("globex");
  await addMember({ tenantId: globex!.id, userId: alice!.id, role: "member", actorUserId: null, meta: SEED_META });
  signIns.push({ email: "alice@acme.test", password: DEMO_PASSWORD, workspace: "globex", role: "member" });

  const operator = await createUser({ email: "ops@atrium.test", name: "Olga Operator", password: DEMO_PASSWORD, emailVerified: true });
  await getDb().update(users).set({ operatorRole: "admin" }).where(eq(users.id, operator.id));
  signIns.push({ email: operator.email, password: DEMO_PASSWORD, workspace: "admin (operator console)", role: "operator (admin)" });
  // A read-only operator: sees every workspace in the console, may not act on one.
  const support = await createUser({ email: "support@atrium.test", name: "Sam Support", password: DEMO_PASSWORD, emailVerified: true });
  await getDb().update(users).set({ operatorRole: "support" }).where(eq(users.id, support.id));
  signIns.push({ email: support.email, password: DEMO_PASSWORD, workspace: "admin (operator console)", role: "operator (support)" });

  // Last: the demo customers' billing stories and usage (the people above can sign in whatever happens here).
  const customers = await seedRevenueHistory({ password: DEMO_PASSWORD });
  await seedInsightHistory(customers);
  return signIns;
}
