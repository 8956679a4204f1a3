import { env } from "../env";
import { localProvider } from "./local/local-provider";
import type { BillingProvider } from "./provider";
import { stripeProvider } from "./stripe/stripe-provider";

export function getBillingProvider(): BillingProvider {
  return env.STRIPE_SECRET_KEY ? stripeProvider : localProvider;
}
