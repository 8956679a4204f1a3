import "server-only";
import { emailConsumer } from "../email/email-consumer";
import { env } from "../env";
import { notificationConsumer } from "../notifications/notification-consumer";
import { webhookDeliveryConsumer } from "../webhooks/webhook-consumer";
import { natsPublisher } from "./publishers/nats-publisher";
import { publisherConsumer } from "./publishers/event-publisher";
import type { EventConsumer } from "./relay";

/** Every event to NATS JetStream, when EVENTS_NATS_URL is set. */
export const natsEventConsumer = publisherConsumer("nats", {
  configured: () => Boolean(env.EVENTS_NATS_URL),
  create: () => {
    const servers = env.EVENTS_NATS_URL;
    if (!servers) throw new Error("EVENTS_NATS_URL is not set");
    return natsPublisher({
      servers,
      subjectPrefix: env.EVENTS_NATS_SUBJECT_PREFIX,
      stream: env.EVENTS_NATS_STREAM,
      duplicateWindowSeconds: env.EVENTS_NATS_DUPLICATE_WINDOW_SECONDS,
      timeoutMs: env.EVENTS_NATS_TIMEOUT_MS,
      maxAgeDays: env.EVENT_RETENTION_DAYS,
    });
  },
});

// Every reader of the event stream the relay job (queue `event-relay`) runs, in this order. Each
// has its own cursor, so adding one here starts it from the first stored event.
export const EVENT_CONSUMERS: readonly EventConsumer[] = [notificationConsumer, emailConsumer, webhookDeliveryConsumer, natsEventConsumer];
