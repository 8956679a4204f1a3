import type Stripe from "stripe";
import type { RequestMeta } from "../../audit/record-audit-event";
import { env } from "../../env";
import { logger } from "../../logger";
import { getStripe } from "./client";
import { processStripeEvent } from "./process-stripe-event";

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
    return { status: 400, body: { error: { code: "invalid_signature", message: "Signature verification failed." } } };
  }
  try {
    const result = await processStripeEvent(event, meta);
    return { status: 200, body: { received: true, result } };
  } catch (error) {
    logger.error("stripe webhook failed", { eventId: event.id, type: event.type, error });
    return { status: 500, body: { error: { code: "processing_failed", message: "Could not process the event; Stripe will retry." } } };
  }
}
