import { env } from "../../env";
import { AppError } from "../../errors";

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
const waiting: (() => void)[] = [];

function releaser(): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
}

/** A place for one event (released by the returned function), waiting up to `waitMs` in arrival order. */
export function takeWebhookPlace(waitMs = WEBHOOK_WAIT_MS): Promise<() => void> {
  if (running < maxWebhookEvents() && !waiting.length) {
    running += 1;
    return Promise.resolve(releaser());
  }
  return new Promise((resolve, reject) => {
    const granted = () => {
      clearTimeout(timer);
      resolve(releaser());
    };
    const timer = setTimeout(() => {
      waiting.splice(waiting.indexOf(granted), 1);
      reject(new AppError("UNAVAILABLE", "Too many payment events are being processed right now; Stripe will deliver this one again.", { retryAfterSeconds: 30, reason: "webhooks_busy" }));
    }, waitMs);
    timer.unref?.();
    waiting.push(granted);
  });
}

/** Events being processed and deliveries waiting (tests). */
export function webhookPlacesInUse(): { running: number; waiting: number } {
  return { running, waiting: waiting.length };
}
