import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ZBillingDetails } from "../server/billing/billing-details";
import { contextFor, makeTenant, TEST_META } from "./factories";

// Issue 17, billing details: a billing email and a tax ID saved on the workspace and sent to its
// Stripe customer (the real library against the fake server): on every save, on the customer's
// creation when they came first, exactly one tax ID afterwards, and nothing saved when Stripe refuses.

const { fake, stripeTenant } = await import("./stripe-harness");
const { updateBillingDetails } = await import("../server/billing/billing-details");
const { startCheckout } = await import("../server/billing/manage-subscription");
const { withTenant } = await import("../server/db/with-tenant");
const { auditEvents, subscriptions, tenants } = await import("../server/db/schema");
const { createCaller } = await import("../server/trpc/root");

const parse = (input: { email?: string; taxIdType?: string; taxId?: string }) => ZBillingDetails.safeParse({ email: "", taxIdType: "", taxId: "", ...input });
const issues = (input: Parameters<typeof parse>[0]) => {
  const result = parse(input);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
};

async function saved(tenantId: string) {
  const [row] = await withTenant(tenantId, (tx) => tx.select({ email: tenants.billingEmail, type: tenants.taxIdType, value: tenants.taxId }).from(tenants).where(eq(tenants.id, tenantId)));
  return row!;
}

const stripeSide = (customerId: string) => ({
  email: fake.customers.get(customerId)?.email ?? null,
  taxIds: (fake.taxIds.get(customerId) ?? []).map((t) => `${String(t.type)} ${String(t.value)}`),
});

describe("billing details input", () => {
  it("normalises what it keeps and names the field it refuses", () => {
    expect(parse({}).data).toEqual({ email: null, taxId: null });
    expect(parse({ email: "  Billing@Acme.TEST ", taxIdType: "eu_vat", taxId: " de 123 456 789 " }).data).toEqual({
      email: "billing@acme.test",
      taxId: { type: "eu_vat", value: "DE123456789" },
    });
    // A kind chosen with no number is no tax ID (the form's "None" is an empty kind).
    expect(parse({ taxIdType: "gb_vat" }).data).toEqual({ email: null, taxId: null });
    expect(issues({ email: "not an address" })).toEqual({ email: "Enter a valid email address." });
    expect(issues({ taxId: "DE123456789" })).toEqual({ taxIdType: "Choose the kind of tax ID." });
    expect(issues({ taxIdType: "eu_vat", taxId: "123" })).toEqual({ taxId: "That does not look like a EU VAT number (for example DE123456789)." });
    expect(issues({ taxIdType: "us_ein", taxId: "12-3456789" })).toEqual({});
    expect(issues({ taxIdType: "xx_vat", taxId: "1" })).toEqual({ taxIdType: "Choose one of the listed kinds of tax ID." });
    // What a hand-made request sends instead of text is refused in words too, never "Invalid input".
    const wrongTypes = ZBillingDetails.safeParse({ email: 5, taxIdType: ["eu_vat"], taxId: null });
    expect(wrongTypes.error?.issues.map((i) => i.message).sort()).toEqual(["Choose one of the listed kinds of tax ID.", "Enter a valid email address.", "Enter the tax ID as text."]);
    expect(Object.keys(issues({ email: "a\u0000@b.test" }))).toEqual(["email"]);
    expect(Object.keys(issues({ taxIdType: "eu_vat", taxId: "DE\u0000123" }))).toEqual(["taxId"]);
    expect(Object.keys(issues({ taxIdType: "eu_vat", taxId: "D".repeat(41) }))).toEqual(["taxId"]);
  });
});

describe("billing details and the Stripe customer", () => {
  it("each save reaches the customer, leaves exactly the saved tax ID, is recorded once, and clearing clears both", async () => {
    const { tenant, owner, customerId } = await stripeTenant();
    const first = { email: "ap@acme.test", taxId: { type: "eu_vat" as const, value: "DE123456789" } };
    expect(await updateBillingDetails({ tenantId: tenant.id, actorUserId: owner.id, details: first, meta: TEST_META })).toEqual({ changed: true });
    expect(stripeSide(customerId)).toEqual({ email: "ap@acme.test", taxIds: ["eu_vat DE123456789"] });
    expect(await saved(tenant.id)).toEqual({ email: "ap@acme.test", type: "eu_vat", value: "DE123456789" });

    // The same again: nothing to do, no second audit row, no duplicate tax ID.
    expect(await updateBillingDetails({ tenantId: tenant.id, actorUserId: owner.id, details: first, meta: TEST_META })).toEqual({ changed: false });
    const second = { email: "ap@acme.test", taxId: { type: "gb_vat" as const, value: "GB123456789" } };
    await updateBillingDetails({ tenantId: tenant.id, actorUserId: owner.id, details: second, meta: TEST_META });
    expect(stripeSide(customerId)).toEqual({ email: "ap@acme.test", taxIds: ["gb_vat GB123456789"] });

    await updateBillingDetails({ tenantId: tenant.id, actorUserId: owner.id, details: { email: null, taxId: null }, meta: TEST_META });
    expect(stripeSide(customerId)).toEqual({ email: null, taxIds: [] });
    expect(await saved(tenant.id)).toEqual({ email: null, type: null, value: null });

    const audit = await withTenant(tenant.id, (tx) =>
      tx.select({ metadata: auditEvents.metadata }).from(auditEvents).where(and(eq(auditEvents.tenantId, tenant.id), eq(auditEvents.action, "billing.details_updated"))),
    );
    expect(audit.map((a) => a.metadata)).toEqual(
      expect.arrayContaining([
        { changes: ["email", "taxId"], taxIdType: "eu_vat" },
        { changes: ["taxId"], taxIdType: "gb_vat" },
        { changes: ["email", "taxId"], taxIdType: null },
      ]),
    );
    expect(audit).toHaveLength(3);
  });

  it("details saved before the first checkout go with the customer Stripe creates", async () => {
    const { tenant, owner } = await makeTenant();
    await updateBillingDetails({ tenantId: tenant.id, actorUserId: owner.id, details: { email: "books@early.test", taxId: { type: "au_abn", value: "12345678912" } }, meta: TEST_META });
    await startCheckout({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, planId: "pro", interval: "month", origin: "http://x.localhost:3000", attemptId: randomUUID() });
    const [row] = await withTenant(tenant.id, (tx) => tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenant.id)));
    expect(stripeSide(row!.customerId)).toEqual({ email: "books@early.test", taxIds: ["au_abn 12345678912"] });
  });

  it("a tax ID Stripe refuses is a 400 with Stripe's reason, and changes nothing, here or at Stripe", async () => {
    const { tenant, owner, customerId } = await stripeTenant();
    const before = { email: "old@keep.test", taxId: { type: "eu_vat" as const, value: "DE123456789" } };
    await updateBillingDetails({ tenantId: tenant.id, actorUserId: owner.id, details: before, meta: TEST_META });
    fake.failRequests("POST", /\/tax_ids$/, 400);
    try {
      const error = await updateBillingDetails({ tenantId: tenant.id, actorUserId: owner.id, details: { email: "new@refused.test", taxId: { type: "gb_vat", value: "GB123456789" } }, meta: TEST_META }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Stripe did not accept the billing details") });
    } finally {
      fake.heal();
    }
    expect(await saved(tenant.id)).toEqual({ email: "old@keep.test", type: "eu_vat", value: "DE123456789" });
    expect(stripeSide(customerId)).toEqual({ email: "old@keep.test", taxIds: ["eu_vat DE123456789"] });
  });

  it("saving unchanged details sends them again, mending a Stripe copy that drifted; an email Checkout collected is kept", async () => {
    const { tenant, owner, customerId } = await stripeTenant();
    // Checkout collected an address; the workspace never set one: saving a tax ID leaves it.
    fake.customers.get(customerId)!.email = "collected@checkout.test";
    const details = { email: null, taxId: { type: "au_abn" as const, value: "12345678912" } };
    await updateBillingDetails({ tenantId: tenant.id, actorUserId: owner.id, details, meta: TEST_META });
    expect(stripeSide(customerId)).toEqual({ email: "collected@checkout.test", taxIds: ["au_abn 12345678912"] });
    // Someone removed the tax ID in Stripe's dashboard: the same save puts it back.
    fake.taxIds.set(customerId, []);
    expect(await updateBillingDetails({ tenantId: tenant.id, actorUserId: owner.id, details, meta: TEST_META })).toEqual({ changed: false });
    expect(stripeSide(customerId).taxIds).toEqual(["au_abn 12345678912"]);
    // Removing the workspace's own email does clear it there.
    await updateBillingDetails({ tenantId: tenant.id, actorUserId: owner.id, details: { ...details, email: "own@acme.test" }, meta: TEST_META });
    await updateBillingDetails({ tenantId: tenant.id, actorUserId: owner.id, details, meta: TEST_META });
    expect(stripeSide(customerId).email).toBeNull();
  });

  it("a first checkout whose saved tax ID Stripe refuses is a 400 naming the details, and works once they are fixed", async () => {
    const { tenant, owner } = await makeTenant();
    await updateBillingDetails({ tenantId: tenant.id, actorUserId: owner.id, details: { email: null, taxId: { type: "us_ein", value: "12-3456789" } }, meta: TEST_META });
    const start = () => startCheckout({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, planId: "pro", interval: "month", origin: "http://x.localhost:3000", attemptId: randomUUID() });
    fake.failRequests("POST", /\/tax_ids$/, 400);
    try {
      expect(await start().catch((e: unknown) => e)).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Correct them under Billing details") });
    } finally {
      fake.heal();
    }
    // The customer Stripe made is found again (same request under the same key), not a 500.
    await updateBillingDetails({ tenantId: tenant.id, actorUserId: owner.id, details: { email: "fixed@acme.test", taxId: { type: "us_ein", value: "98-7654321" } }, meta: TEST_META });
    const { url } = await start();
    expect(url).toBeTruthy();
    const [row] = await withTenant(tenant.id, (tx) => tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenant.id)));
    expect(stripeSide(row!.customerId)).toEqual({ email: "fixed@acme.test", taxIds: ["us_ein 98-7654321"] });
  });

  it("two saves at once end with Stripe holding what the workspace holds", async () => {
    const { tenant, owner, customerId } = await stripeTenant();
    const a = { email: "a@race.test", taxId: { type: "ca_bn" as const, value: "123456789" } };
    const b = { email: "b@race.test", taxId: { type: "ca_bn" as const, value: "987654321" } };
    await Promise.all([a, b].map((details) => updateBillingDetails({ tenantId: tenant.id, actorUserId: owner.id, details, meta: TEST_META })));
    const row = await saved(tenant.id);
    expect(stripeSide(customerId)).toEqual({ email: row.email, taxIds: [`ca_bn ${row.value}`] });
  });

  it("through tRPC: billing members save, admins are refused, strangers get not-found, bad input is a 400 naming the field", async () => {
    const { tenant, owner, members } = await makeTenant([{ role: "admin" }, { role: "billing" }]);
    const [admin, billing] = members.map((m) => m.user);
    const code = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof TRPCError ? e.code : String(e)));
    const input = { email: "fin@acme.test", taxIdType: "eu_vat" as const, taxId: "FR12345678901" };
    expect(await code(createCaller(contextFor({ user: admin!, tenant })).billing.updateDetails(input))).toBe("FORBIDDEN");
    expect(await code(createCaller(contextFor({ user: (await makeTenant()).owner, tenant })).billing.updateDetails(input))).toBe("NOT_FOUND");
    expect(await code(createCaller(contextFor({ user: owner, tenant })).billing.updateDetails({ ...input, taxId: "nope" }))).toBe("BAD_REQUEST");
    expect(await createCaller(contextFor({ user: billing!, tenant })).billing.updateDetails(input)).toEqual({ changed: true });
    expect((await createCaller(contextFor({ user: owner, tenant })).billing.current()).details).toEqual({ email: "fin@acme.test", taxIdType: "eu_vat", taxId: "FR12345678901" });
    // The workspace as any member reads it carries none of it (an admin is refused billing.current).
    const seen = JSON.stringify(await createCaller(contextFor({ user: admin!, tenant })).tenant.current());
    expect(seen).toContain(tenant.name);
    for (const secret of ["fin@acme.test", "FR12345678901", "billingEmail", "taxId", "planOverrides", "operatorSuspendedAt"]) expect(seen).not.toContain(secret);
  });
});
