import { handleStripeWebhook } from "@/server/billing/stripe/handle-webhook";
import { requestMetaFromHeaders } from "@/server/http/request-meta";

export async function POST(req: Request) {
  // The signature covers the exact bytes: read the raw body, never a parsed one.
  const rawBody = await req.text();
  const result = await handleStripeWebhook(rawBody, req.headers.get("stripe-signature"), requestMetaFromHeaders(req.headers));
  return Response.json(result.body, { status: result.status });
}
