import "server-only";
import type { EventConsumer, RelayedEvent } from "../relay";

/**
 * A stream engine the relay hands every event to (NATS JetStream today; Kafka could sit beside
 * it). `publish` resolves only when the engine has stored the whole batch, and must be idempotent
 * by event id: after a crash between publishing and moving the cursor, the relay sends the batch
 * again.
 */
export type EventPublisher = {
  publish(events: readonly RelayedEvent[]): Promise<void>;
  close(): Promise<void>;
};

/**
 * The relay consumer for one publisher: a failed publish fails the run, so the cursor stays and
 * the batch is sent again next run. The publisher is made on first use and kept (one connection
 * per process), unless it is closed.
 */
export function publisherConsumer(name: string, options: { configured: () => boolean; create: () => EventPublisher }): EventConsumer & { close(): Promise<void> } {
  let publisher: EventPublisher | null = null;
  return {
    name,
    enabled: options.configured,
    handle: async (_tx, batch) => {
      publisher ??= options.create();
      await publisher.publish(batch);
    },
    async close() {
      const open = publisher;
      publisher = null;
      await open?.close();
    },
  };
}
