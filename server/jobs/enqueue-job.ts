import "server-only";
import type { Transaction } from "../db/client";
import { deferUntilCommit } from "../db/with-tenant";
import { logger } from "../logger";
import { getJobQueue } from "./job-queue";
import { wakeLocalWorkers } from "./local-wake";
import type { QueueName } from "./queues";

export type EnqueueOptions = {
  /** Jobs with different keys may wait side by side (e.g. one per export); one per key otherwise. */
  singletonKey?: string;
  /** Do not start before this many seconds have passed. */
  startAfterSeconds?: number;
};

/**
 * Enqueues a job so the work runs now rather than at its next scheduled time. Never throws: it is
 * called after a commit, the work itself is already stored (an outbox row, a queued export), and
 * the queue's schedule picks it up if this enqueue is lost. Returns the job id, or null when a job
 * of that queue (and key) was already waiting, which does the same work.
 */
export async function enqueueJob(queue: QueueName, data: Record<string, unknown> = {}, options: EnqueueOptions = {}): Promise<string | null> {
  try {
    const boss = await getJobQueue();
    const id = await boss.send(queue, data, {
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
    });
    wakeLocalWorkers(queue);
    return id;
  } catch (error) {
    logger.error("could not enqueue a job; its schedule will do the work later", { queue, error });
    return null;
  }
}

const waking = new Map<QueueName, { again: boolean }>();

/**
 * Wakes a queue whose job reads all its due work from the database (no job data): the email
 * outbox, the event relay. Wake-ups asked for while one is being sent are folded into one more
 * send after it, so a burst of commits costs two enqueues instead of one each, and every commit
 * is still followed by an enqueue that starts after it.
 */
export function wakeQueue(queue: QueueName): void {
  const current = waking.get(queue);
  if (current) {
    current.again = true;
    return;
  }
  const state = { again: false };
  waking.set(queue, state);
  void (async () => {
    try {
      do {
        state.again = false;
        await enqueueJob(queue);
      } while (state.again);
    } finally {
      waking.delete(queue);
    }
  })();
}

/**
 * Enqueues `queue` once `tx` has committed (a worker must see what the transaction wrote). For a
 * transaction opened without withTenant / withoutTenant, whose commit cannot be observed, the job
 * starts two seconds later instead, well after that commit.
 */
export function enqueueJobAfterCommit(tx: Transaction, queue: QueueName, data: Record<string, unknown> = {}, options: EnqueueOptions = {}): void {
  const wakeOnly = !Object.keys(data).length && !options.singletonKey && !options.startAfterSeconds;
  const deferred = deferUntilCommit(tx, () => (wakeOnly ? wakeQueue(queue) : void enqueueJob(queue, data, options)));
  if (!deferred) void enqueueJob(queue, data, { ...options, startAfterSeconds: Math.max(options.startAfterSeconds ?? 0, 2) });
}
