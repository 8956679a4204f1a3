import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { TEST_META } from "./factories";
import { fake } from "./stripe-harness";
import { emailConsumer } from "../server/email/email-consumer";
import { relayCommittedEvents } from "./relay-consumer";

// What the Stripe-mode billing tests read back and how they start a checkout (imported after the
// harness, which sets Stripe mode before anything reads the environment).

const { startCheckout } = await import("../server/billing/manage-subscription");
const { getDb } = await import("../server/db/client");
const { withTenant } = await import("../server/db/with-tenant");
const schema = await import("../server/db/schema");

export const DAY = 86_400;
export const now = () => Math.floor(Date.now() / 1000);

/** The workspace, its current subscription, their history, billing jobs and audit actions. */
export async function stateOf(tenantId: string) {
  return withTenant(tenantId, async (tx) => ({
    tenant: (await tx.select().from(schema.tenants).where(eq(schema.tenants.id, tenantId)))[0]!,
    current: (await tx.select().from(schema.subscriptions).where(eq(schema.subscriptions.tenantId, tenantId)))[0],
    history: await tx.select().from(schema.providerSubscriptions).where(eq(schema.providerSubscriptions.tenantId, tenantId)),
    jobs: await tx.select().from(schema.billingJobs).where(eq(schema.billingJobs.tenantId, tenantId)),
    audit: (await tx.select().from(schema.auditEvents).where(eq(schema.auditEvents.tenantId, tenantId))).map((a) => a.action),
  }));
}

/** The subjects of the emails sent to `address`, once the relay has handed them over. */
export async function emailsTo(address: string): Promise<string[]> {
  await relayCommittedEvents(emailConsumer);
  return (await getDb().select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, address))).map((e) => e.subject);
}

export function checkout(tenantId: string, actorUserId: string, planId: "starter" | "pro" | "enterprise", attemptId: string = randomUUID()) {
  return startCheckout({ tenantId, actorUserId, meta: TEST_META, planId, interval: "month", origin: "http://x.localhost:3000", attemptId });
}

/** The fake's id of the Checkout Session behind a checkout URL. */
export const sessionIdOf = (url: string) => fake.sessionsOf([...fake.checkoutSessions.values()].find((s) => s.url === url)!.customer).find((s) => s.url === url)!.id;
