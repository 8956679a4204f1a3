import Stripe from "stripe";
import { afterAll, describe, expect, it } from "vitest";
import { syncStripeCatalog } from "../server/billing/stripe/sync-catalog";
import { FakeStripe } from "./fake-stripe";

const fake = await new FakeStripe().start();
afterAll(() => fake.stop());
const stripe = new Stripe("sk_test_sync", { host: "127.0.0.1", port: Number(new URL(fake.url).port), protocol: "http", maxNetworkRetries: 0 });

describe("stripe:sync", () => {
  it("creates products and prices once, then changes nothing", async () => {
    const first = await syncStripeCatalog(stripe);
    expect(first.created).toEqual(expect.arrayContaining(["atrium_starter", "atrium_pro", "atrium_enterprise", "atrium_pro_month", "atrium_pro_year", "atrium_pro_month_eur", "atrium_pro_year_eur"]));
    // Three products, each with a monthly and a yearly price in dollars and in euros.
    expect(first.created).toHaveLength(15);
    expect(first.created).not.toContain("atrium_custom");
    const proYear = [...fake.prices.values()].find((p) => p.lookup_key === "atrium_pro_year");
    expect(proYear).toMatchObject({ unit_amount: 99_000, currency: "usd", recurring: { interval: "year" }, product: "atrium_pro" });
    const proYearEur = [...fake.prices.values()].find((p) => p.lookup_key === "atrium_pro_year_eur");
    expect(proYearEur).toMatchObject({ unit_amount: 89_000, currency: "eur", recurring: { interval: "year" }, product: "atrium_pro" });

    const second = await syncStripeCatalog(stripe);
    expect(second.created).toEqual([]);
    expect(second.updated).toEqual([]);
    expect(second.unchanged).toHaveLength(15);
    for (const r of fake.requests.filter((x) => x.method === "POST")) expect(r.idempotencyKey, r.path).toBeTruthy();
  });

  it("replaces a price whose amount changed, moving its lookup key", async () => {
    const stale = [...fake.prices.values()].find((p) => p.lookup_key === "atrium_starter_month")!;
    stale.unit_amount = 1_900;
    const report = await syncStripeCatalog(stripe);
    expect(report.updated).toEqual(["atrium_starter_month"]);
    const current = [...fake.prices.values()].filter((p) => p.lookup_key === "atrium_starter_month");
    expect(current).toHaveLength(1);
    expect(current[0]!.unit_amount).toBe(2_900);
  });
});
