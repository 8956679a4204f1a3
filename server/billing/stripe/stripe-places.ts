import { env } from "../../env";
import { AppError } from "../../errors";
import { once, waitingLine } from "../../rate-limit/waiting-line";

/**
 * Work that holds a pooled connection while it waits on Stripe, at once in this process: Stripe
 * events (inside their transaction and under the workspace's lock, while they read the
 * subscription) and checkouts (under the workspace's lock, while they list the customer's
 * subscriptions and create the session). Each Stripe call may take up to about 20 s when Stripe is
 * slow. Without a bound, a burst during a Stripe brownout (renewal day, Stripe's own retries, many
 * owners pressing "Upgrade") would take every connection and stall every page of the portal; with
 * it, at most a third of the pool waits on Stripe.
 */
export function maxStripeHolders(): number {
  return Math.max(1, Math.floor(env.DATABASE_POOL_MAX / 3));
}

/** How long a delivery waits for a place before it is answered 503 (Stripe delivers it again later). */
export const WEBHOOK_WAIT_MS = 8_000;
/** How long a checkout waits for a place before the owner is asked to try again. */
export const CHECKOUT_WAIT_MS = 8_000;

let running = 0;

function admit(): (() => void) | null {
  if (running >= maxStripeHolders()) return null;
  running += 1;
  return once(() => {
    running -= 1;
    line.wake();
  });
}

const line = waitingLine(admit);

function webhooksBusy(): AppError {
  return new AppError("UNAVAILABLE", "Too many payment events are being processed right now; Stripe will deliver this one again.", { retryAfterSeconds: 30, reason: "webhooks_busy" });
}

function checkoutsBusy(): AppError {
  return new AppError("UNAVAILABLE", "Payments are busy right now, so the checkout could not start. Nothing was charged; try again in a minute.", {
    retryAfterSeconds: 30,
    reason: "billing_busy",
  });
}

/** A place for one Stripe event (released by the returned function), waiting up to `waitMs` in arrival order. */
export function takeWebhookPlace(waitMs = WEBHOOK_WAIT_MS): Promise<() => void> {
  return line.wait(waitMs, webhooksBusy);
}

/** A place for one checkout, in the same line as Stripe events. */
export function takeCheckoutPlace(waitMs = CHECKOUT_WAIT_MS): Promise<() => void> {
  return line.wait(waitMs, checkoutsBusy);
}

/** Places taken and callers waiting (tests). */
export function webhookPlacesInUse(): { running: number; waiting: number } {
  return { running, waiting: line.length };
}
