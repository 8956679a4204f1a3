import type { RateLimitStore } from "./gcra";

// The in-process GCRA store: the fallback for abuse throttles while the shared store (Redis or
// PostgreSQL) is unreachable. Same algorithm and policy, but per instance: with N instances an
// attacker gets at most N times the limit for as long as the outage lasts, never unlimited.

const MAX_KEYS = 100_000;

export function createMemoryStore(now: () => number = Date.now): RateLimitStore & { size(): number } {
  const tats = new Map<string, number>();

  function evict(nowMs: number): void {
    if (tats.size < MAX_KEYS) return;
    // Expired buckets first (their TAT is in the past, so they are full again anyway) ...
    for (const [key, tat] of tats) if (tat <= nowMs) tats.delete(key);
    // ... then the oldest insertions.
    for (const key of tats.keys()) {
      if (tats.size < MAX_KEYS) break;
      tats.delete(key);
    }
  }

  function attemptOne(key: string, emissionMs: number, periodMs: number) {
    const nowMs = now();
    const tat = Math.max(tats.get(key) ?? nowMs, nowMs);
    const next = tat + emissionMs;
    if (next - nowMs <= periodMs) {
      if (!tats.has(key)) evict(nowMs);
      tats.set(key, next);
      return { allowed: true, tatMs: next, nowMs };
    }
    return { allowed: false, tatMs: tat, nowMs };
  }

  return {
    name: "memory",
    size: () => tats.size,
    async attempt(key, emissionMs, periodMs) {
      return attemptOne(key, emissionMs, periodMs);
    },
    async attemptMany(keys, emissionMs, periodMs) {
      return keys.map((key) => attemptOne(key, emissionMs, periodMs));
    },
    async peek(key, emissionMs, periodMs) {
      const nowMs = now();
      const tat = Math.max(tats.get(key) ?? nowMs, nowMs);
      return { allowed: tat + emissionMs - nowMs <= periodMs, tatMs: tat, nowMs };
    },
    async reset(key) {
      tats.delete(key);
    },
    async refund(key, emissionMs) {
      const tat = tats.get(key);
      if (tat !== undefined) tats.set(key, tat - emissionMs);
    },
  };
}
