import { env } from "../../env";
import { AppError } from "../../errors";
import { once, waitingLine } from "../../rate-limit/waiting-line";

/**
 * Stripe events processed at once in this process. Each holds a pooled connection, inside its
 * transaction and under the workspace's lock, while it reads the subscription from Stripe (up to
 * about 20 s when Stripe is slow). Without a bound, a burst of deliveries during a Stripe
 * brownout (renewal day, Stripe's own retries) would take every connection and stall every page
 * of the portal; with it, at most a third of the pool waits on Stripe.
 */
export function maxWebhookEvents(): number {
  return Math.max(1, Math.floor(env.DATABASE_POOL_MAX / 3));
}

/** How long a delivery waits for a place before it is answered 503 (Stripe delivers it again later). */
export const WEBHOOK_WAIT_MS = 8_000;

let running = 0;

function admit(): (() => void) | null {
  if (running >= maxWebhookEvents()) return null;
  running += 1;
  return once(() => {
    running -= 1;
    line.wake();
  });
}

const line = waitingLine(admit);

function busy(): AppError {
  return new AppError("UNAVAILABLE", "Too many payment events are being processed right now; Stripe will deliver this one again.", { retryAfterSeconds: 30, reason: "webhooks_busy" });
}

/** A place for one event (released by the returned function), waiting up to `waitMs` in arrival order. */
export function takeWebhookPlace(waitMs = WEBHOOK_WAIT_MS): Promise<() => void> {
  return line.wait(waitMs, busy);
}

/** Events being processed and deliveries waiting (tests). */
export function webhookPlacesInUse(): { running: number; waiting: number } {
  return { running, waiting: line.length };
}
