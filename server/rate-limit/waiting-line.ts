/**
 * A first-come, first-served line in front of something this process only runs so many of at once
 * (audit text searches, Stripe events). `admit` takes a place and returns its release function,
 * or null when there is none: the caller's own counts decide what "room" means.
 */
export type WaitingLine = {
  /** A place now when nobody waits and `admit` grants one; null otherwise (the caller refuses). */
  tryNow(): (() => void) | null;
  /**
   * A place as soon as `admit` grants one to this caller, first in line first: within `ms`, or
   * `refusal()` as the rejection; the caller leaves the line at once when `signal` aborts.
   */
  wait(ms: number, refusal: () => Error, signal?: AbortSignal): Promise<() => void>;
  /** Hands freed places to the longest-waiting callers (call it after every release). */
  wake(): void;
  /** Callers waiting (tests). */
  readonly length: number;
};

export function waitingLine(admit: () => (() => void) | null): WaitingLine {
  const queue: ((release: () => void) => void)[] = [];
  return {
    tryNow: () => (queue.length ? null : admit()),
    wait(ms, refusal, signal) {
      if (signal?.aborted) return Promise.reject(refusal());
      const now = queue.length ? null : admit();
      if (now) return Promise.resolve(now);
      return new Promise((resolve, reject) => {
        const leave = () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", leave);
          const at = queue.indexOf(granted);
          if (at >= 0) queue.splice(at, 1);
          reject(refusal());
        };
        const granted = (release: () => void) => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", leave);
          resolve(release);
        };
        const timer = setTimeout(leave, ms);
        timer.unref?.();
        signal?.addEventListener("abort", leave, { once: true });
        queue.push(granted);
      });
    },
    wake() {
      while (queue.length) {
        const release = admit();
        if (!release) return;
        queue.shift()!(release);
      }
    },
    get length() {
      return queue.length;
    },
  };
}

/** A release function that acts once, however often it is called (a `finally` and an abort both may). */
export function once(release: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    release();
  };
}
