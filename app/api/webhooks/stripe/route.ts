import { apiError, errorResponse } from "@/server/api/respond";
import { readBodyText } from "@/server/api/read-body";
import { handleStripeWebhook } from "@/server/billing/stripe/handle-webhook";
import { env } from "@/server/env";
import { requestMetaFromHeaders } from "@/server/http/request-meta";

// Stripe events are small; anything larger is refused before it is buffered.
const MAX_EVENT_BYTES = 512 * 1024;

export async function POST(req: Request) {
  if (!env.STRIPE_WEBHOOK_SECRET) return apiError(404, "not_configured", "Stripe webhooks are not configured.");
  if (!req.headers.get("stripe-signature")) return apiError(400, "missing_signature", "Missing Stripe-Signature header.");
  let rawBody: string;
  try {
    // The signature covers the exact bytes: verify the raw body, never a parsed one.
    rawBody = await readBodyText(req, MAX_EVENT_BYTES);
  } catch (error) {
    return errorResponse(error);
  }
  const result = await handleStripeWebhook(rawBody, req.headers.get("stripe-signature"), requestMetaFromHeaders(req.headers));
  return Response.json(result.body, { status: result.status });
}
