import { env } from "../../env";
import { AppError } from "../../errors";
import { once, waitingLine } from "../../rate-limit/waiting-line";

/**
 * Work that holds a pooled connection while it waits on Stripe, at once in this process: Stripe
 * events (inside their transaction and under the workspace's lock, while they read the
 * subscription), and an owner's billing actions that do the same (a checkout listing the
 * customer's subscriptions and creating the session, billing details and the currency sent to
 * the customer, a changed plan read back). Each Stripe call may take up to about 20 s when Stripe
 * is slow. Without a bound, a burst during a Stripe brownout (renewal day, Stripe's own retries,
 * many owners pressing "Upgrade") would take every connection and stall every page of the portal;
 * with it, at most a third of the pool waits on Stripe.
 */
export function maxStripeHolders(): number {
  return Math.max(1, Math.floor(env.DATABASE_POOL_MAX / 3));
}

/** How long a delivery waits for a place before it is answered 503 (Stripe delivers it again later). */
export const WEBHOOK_WAIT_MS = 8_000;
/** How long an owner's billing action waits for a place before they are asked to try again. */
export const BILLING_ACTION_WAIT_MS = 8_000;

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

function billingBusy(): AppError {
  return new AppError("UNAVAILABLE", "Payments are busy right now, so this could not be done. Nothing was changed or charged; try again in a minute.", {
    retryAfterSeconds: 30,
    reason: "billing_busy",
  });
}

/** A place for one Stripe event (released by the returned function), waiting up to `waitMs` in arrival order. */
export function takeWebhookPlace(waitMs = WEBHOOK_WAIT_MS): Promise<() => void> {
  return line.wait(waitMs, webhooksBusy);
}

/** A place for an owner's billing action (a 503 `billing_busy` past the wait), in the same line as Stripe events. */
export function takeBillingPlace(waitMs = BILLING_ACTION_WAIT_MS): Promise<() => void> {
  return line.wait(waitMs, billingBusy);
}

/** Places taken and callers waiting (tests). */
export function webhookPlacesInUse(): { running: number; waiting: number } {
  return { running, waiting: line.length };
}
