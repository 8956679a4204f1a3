import type Stripe from "stripe";
import type { RequestMeta } from "../../audit/record-audit-event";
import { env } from "../../env";
import { isAppError, isDatabaseUnavailable } from "../../errors";
import { logger } from "../../logger";
import { metrics } from "../../metrics/metrics";
import { getStripe } from "./client";
import { processStripeEvent } from "./process-stripe-event";

function isEventShaped(event: unknown): event is Stripe.Event {
  if (typeof event !== "object" || event === null) return false;
  const { id, type, data } = event as Record<string, unknown>;
  const object = typeof data === "object" && data !== null ? (data as Record<string, unknown>).object : null;
  return typeof id === "string" && typeof type === "string" && typeof object === "object" && object !== null && !Array.isArray(object);
}

/**
 * Whether processing failed because of the event itself, so that no redelivery can succeed:
 * fields we refuse (unprocessable), values PostgreSQL cannot hold (SQLSTATE class 22: NUL,
 * numbers out of range), or a request Stripe refuses (4xx). Anything else may pass on a retry.
 */
function isPermanent(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5 || isDatabaseUnavailable(error)) return false;
  if (isAppError(error)) return error.code === "BAD_REQUEST";
  const { code, type, statusCode, cause } = error as { code?: unknown; type?: unknown; statusCode?: unknown; cause?: unknown };
  if (typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code)) return true;
  if (type === "StripeInvalidRequestError" && typeof statusCode === "number" && statusCode >= 400 && statusCode < 500 && statusCode !== 429) return true;
  // The database's error arrives wrapped (drizzle's query error carries it as its cause).
  return isPermanent(cause, depth + 1);
}

export type WebhookResponse = { status: number; body: Record<string, unknown> };

/** Verifies the signature on the raw body, then processes; 2xx only after the commit. */
export async function handleStripeWebhook(rawBody: string, signature: string | null, meta: RequestMeta): Promise<WebhookResponse> {
  const secret = env.STRIPE_WEBHOOK_SECRET;
  if (!secret || !env.STRIPE_SECRET_KEY) {
    return { status: 404, body: { error: { code: "not_configured", message: "Stripe webhooks are not configured." } } };
  }
  if (!signature) return { status: 400, body: { error: { code: "missing_signature", message: "Missing Stripe-Signature header." } } };
  let event: Stripe.Event;
  try {
    // Default tolerance: 300 s, so a replayed old delivery is refused too.
    event = getStripe().webhooks.constructEvent(rawBody, signature, secret);
  } catch {
    metrics().stripeEvents.inc({ outcome: "rejected" });
    return { status: 400, body: { error: { code: "invalid_signature", message: "Signature verification failed." } } };
  }
  // A correctly signed body that is not an event (no data object) cannot be processed, ever.
  if (!isEventShaped(event)) {
    metrics().stripeEvents.inc({ outcome: "rejected" });
    return { status: 400, body: { error: { code: "malformed_event", message: "The event has no id, type or data.object." } } };
  }
  try {
    const result = await processStripeEvent(event, meta);
    metrics().stripeEvents.inc({ outcome: "processed" });
    return { status: 200, body: { received: true, result } };
  } catch (error) {
    if (isPermanent(error)) {
      // Acknowledged (2xx), or Stripe would deliver it again for days, failing the same way each
      // time, and could disable the endpoint. Counted and logged as an error: someone must look.
      metrics().stripeEvents.inc({ outcome: "rejected" });
      logger.error("stripe webhook: signed event cannot be processed; acknowledged without effect", { eventId: String(event.id).slice(0, 100), type: event.type, error });
      const message = isAppError(error) ? error.message : "The event holds values that cannot be stored.";
      return { status: 200, body: { received: true, result: "rejected", error: { code: "unprocessable_event", message } } };
    }
    // Stripe (or the database) could not be reached: a non-2xx makes Stripe deliver it again later.
    metrics().stripeEvents.inc({ outcome: "failed" });
    logger.error("stripe webhook failed; Stripe will retry", { eventId: event.id, type: event.type, error });
    return { status: 503, body: { error: { code: "unavailable", message: "Could not process the event right now; Stripe will retry." } } };
  }
}
