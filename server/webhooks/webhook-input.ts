import { z } from "zod";
import { EVENT_TYPES } from "../../lib/event-catalog";
import { displayName, storableText } from "../../lib/text";

// Control characters (NUL included) never belong in a URL.
const CONTROL = /[\u0000-\u001f\u007f]/;

export const ZWebhookUrl = z
  .string()
  .trim()
  .min(1, "Enter the URL that should receive the webhooks.")
  .max(2048, "Use a URL of at most 2,048 characters.")
  .superRefine(storableText)
  .refine((v) => !CONTROL.test(v), "The URL contains characters that are not allowed.");

// One line people read in the list: storable and visible, like a name.
const ZDescription = z.string().trim().max(500, "Use at most 500 characters for the description.").superRefine(displayName);
/** Empty: every event type, including those added later. */
const ZEventTypes = z.array(z.enum(EVENT_TYPES, "Unknown event type.")).max(EVENT_TYPES.length);

export const ZCreateWebhookEndpoint = z.object({
  url: ZWebhookUrl,
  description: ZDescription.default(""),
  eventTypes: ZEventTypes.default([]),
});

export type CreateWebhookEndpointInput = z.infer<typeof ZCreateWebhookEndpoint>;

export const ZEndpointId = z.object({ endpointId: z.uuid("Unknown endpoint.") });

/**
 * The whole editable state (URL, description, filter), as the edit form sends it: every field
 * required, so a call that leaves one out is refused rather than resetting it to its default.
 */
export const ZUpdateWebhookEndpoint = ZEndpointId.extend({
  url: ZWebhookUrl,
  description: ZDescription,
  eventTypes: ZEventTypes,
});

export type UpdateWebhookEndpointInput = z.infer<typeof ZUpdateWebhookEndpoint>;

export const ZDeliveryId = z.object({ deliveryId: z.uuid("Unknown delivery.") });
