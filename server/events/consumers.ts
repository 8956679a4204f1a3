import "server-only";
import { webhookDeliveryConsumer } from "../webhooks/webhook-consumer";
import type { EventConsumer } from "./relay";

// Every reader of the event stream the relay job (queue `event-relay`) runs, in this order. Each
// has its own cursor, so adding one here starts it from the first stored event.
export const EVENT_CONSUMERS: readonly EventConsumer[] = [webhookDeliveryConsumer];
