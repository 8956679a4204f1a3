import Stripe from "stripe";
import { env } from "../../env";

const store = globalThis as unknown as { __atriumStripe?: Stripe };

/** The stripe library, pointed at STRIPE_API_BASE when set (tests use a local fake server). */
export function getStripe(): Stripe {
  if (store.__atriumStripe) return store.__atriumStripe;
  const key = env.STRIPE_SECRET_KEY;
  if (!key) throw new Error("STRIPE_SECRET_KEY is not set; the local billing provider is in use.");
  const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null;
  store.__atriumStripe = new Stripe(key, {
    // Billing reads Stripe while it holds the workspace lock (and a database connection): keep the
    // worst case (two tries) well under the database's idle-in-transaction limit.
    maxNetworkRetries: 1,
    timeout: 10_000,
    appInfo: { name: "Atrium" },
    ...(base
      ? { host: base.hostname, port: Number(base.port || (base.protocol === "https:" ? 443 : 80)), protocol: base.protocol.replace(":", "") as "http" | "https" }
      : {}),
  });
  return store.__atriumStripe;
}

/** Tests swap clients between fake servers. */
export function resetStripeClient(): void {
  store.__atriumStripe = undefined;
}
