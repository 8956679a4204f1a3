import { EventEmitter } from "node:events";

// Enqueueing in a process whose own workers are idle wakes them at once instead of at their next
// poll. Its own module, without imports: everything that enqueues (the email outbox among them)
// imports it, and the workers' module imports all of those.

const store = globalThis as unknown as { __atriumJobWake?: EventEmitter };
const wake = (store.__atriumJobWake ??= new EventEmitter().setMaxListeners(100));

export function wakeLocalWorkers(queue: string): void {
  wake.emit("enqueued", queue);
}

export function onLocalEnqueue(listener: (queue: string) => void): () => void {
  wake.on("enqueued", listener);
  return () => void wake.off("enqueued", listener);
}
