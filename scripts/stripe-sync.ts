// `npm run stripe:sync`: set up (or update) a Stripe account's products and prices from the
// plan catalog. Needs STRIPE_SECRET_KEY. Safe to run again: it only changes what differs.
import { getStripe } from "../server/billing/stripe/client";
import { syncStripeCatalog } from "../server/billing/stripe/sync-catalog";

async function main() {
  if (!process.env.STRIPE_SECRET_KEY) {
    process.stderr.write("[atrium] STRIPE_SECRET_KEY is not set. Set it (a test-mode key is fine) and run again.\n");
    process.exit(1);
  }
  const report = await syncStripeCatalog(getStripe());
  process.stdout.write(
    `[atrium] stripe:sync: created ${report.created.length}, updated ${report.updated.length}, unchanged ${report.unchanged.length}\n` +
      [...report.created.map((x) => `  + ${x}`), ...report.updated.map((x) => `  ~ ${x}`)].join("\n") +
      "\n",
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`[atrium] stripe:sync failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
