import "server-only";
import { jetstream, jetstreamManager, JetStreamApiCodes, JetStreamApiError, type JetStreamClient } from "@nats-io/jetstream";
import { connect, nanos, type NatsConnection } from "@nats-io/transport-node";
import { logger } from "../../logger";
import { publicEvent } from "../public-event";
import { PartialBatch, type RelayedEvent } from "../relay";
import type { EventPublisher } from "./event-publisher";

export type NatsPublisherOptions = {
  /** One URL or several, comma-separated. */
  servers: string;
  subjectPrefix: string;
  stream: string;
  duplicateWindowSeconds: number;
  timeoutMs: number;
  /** The stream keeps messages this long (EVENT_RETENTION_DAYS), not for ever. */
  maxAgeDays: number;
};

/** NATS refuses this message whatever happens (too large): sending it again would block the stream for good. */
const PERMANENT = /max(imum)?[ _]payload|message size exceeds maximum/i;

/** `atrium.events` + `member.invited` -> `atrium.events.member.invited`: one subject per type. */
export const natsSubject = (prefix: string, type: string) => `${prefix}.${type}`;

/**
 * Publishes each event to JetStream with its id as the message id, so the stream's de-duplication
 * stores it once however often the relay repeats it within the duplicate window. The connection
 * is opened on first publish and reused; it reconnects by itself, and while NATS is away each
 * publish fails after `timeoutMs`, which fails the relay run (its cursor stays).
 */
export function natsPublisher(options: NatsPublisherOptions): EventPublisher {
  let ready: Promise<{ nc: NatsConnection; js: JetStreamClient }> | null = null;

  const open = async () => {
    const nc = await connect({
      servers: options.servers.split(",").map((s) => s.trim()),
      name: "atrium-event-relay",
      timeout: options.timeoutMs,
      reconnect: true,
      maxReconnectAttempts: -1,
    });
    try {
      await ensureStream(nc, options);
    } catch (error) {
      await nc.close().catch(() => undefined);
      throw error;
    }
    void nc.closed().then((error) => {
      if (error) logger.warn("NATS connection of the event relay closed", { error });
    });
    return { nc, js: jetstream(nc, { timeout: options.timeoutMs }) };
  };

  return {
    async publish(events) {
      // A failed first connection is retried on the next run, not remembered.
      ready ??= open().catch((error: unknown) => {
        ready = null;
        throw error;
      });
      const { js } = await ready;
      // Sent back to back on one connection (so in order), then every acknowledgement awaited.
      const acks = events.map((event: RelayedEvent) =>
        js.publish(natsSubject(options.subjectPrefix, event.type), JSON.stringify(publicEvent(event)), { msgID: event.id, timeout: options.timeoutMs }),
      );
      const results = await Promise.allSettled(acks);
      // The stored prefix counts as published; an event NATS refuses for good (too large) is
      // logged and passed over rather than retried for ever; the first other failure ends it.
      for (const [i, result] of results.entries()) {
        if (result.status === "fulfilled") continue;
        if (PERMANENT.test(String((result.reason as Error | undefined)?.message ?? result.reason))) {
          logger.error("NATS refused a domain event for good; it is not published", { eventId: events[i]!.id, type: events[i]!.type, error: result.reason });
          continue;
        }
        const failedCount = results.slice(i).filter((r) => r.status === "rejected").length;
        throw new PartialBatch(i, new Error(`NATS did not acknowledge ${failedCount} of ${events.length} events`, { cause: result.reason }));
      }
    },
    async close() {
      const current = ready;
      ready = null;
      if (!current) return;
      const { nc } = await current.catch(() => ({ nc: null }));
      await nc?.drain().catch(() => undefined);
    },
  };
}

/** Creates the stream when missing; widens a too-short duplicate window or missing subjects. */
async function ensureStream(nc: NatsConnection, options: NatsPublisherOptions): Promise<void> {
  const jsm = await jetstreamManager(nc, { timeout: options.timeoutMs });
  const subjects = `${options.subjectPrefix}.>`;
  const window = nanos(options.duplicateWindowSeconds * 1000);
  try {
    const { config } = await jsm.streams.info(options.stream);
    const coversSubjects = config.subjects?.includes(subjects) ?? false;
    if (!coversSubjects || config.duplicate_window < window) {
      await jsm.streams.update(options.stream, {
        subjects: coversSubjects ? config.subjects : [...(config.subjects ?? []), subjects],
        duplicate_window: Math.max(config.duplicate_window, window),
      });
    }
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
    await jsm.streams.add({ name: options.stream, subjects: [subjects], duplicate_window: window, max_age: nanos(options.maxAgeDays * 86_400_000) });
    logger.info("created the JetStream stream for domain events", { stream: options.stream, subjects });
  }
}
