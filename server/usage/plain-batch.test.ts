import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MAX_BATCH, parseUsageBody, plainBatch, ZUsageEvent } from "./ingest-usage";

// The hand-written check must never accept what zod refuses, and must return what zod returns.
const ZEvents = z.object({ events: z.array(ZUsageEvent).min(1).max(MAX_BATCH) });
const ok = { metric: "units", quantity: 1, idempotencyKey: "k1" };

const cases: [string, unknown][] = [
  ["a plain event", [ok]],
  ["extra fields", [{ ...ok, note: "dropped", metric: "units" }]],
  ["zero and the largest quantity", [{ ...ok, quantity: 0 }, { ...ok, quantity: 1_000_000_000, idempotencyKey: "k2" }]],
  ["a 200-character key", [{ ...ok, idempotencyKey: "x".repeat(200) }]],
  ["a key with a character pair", [{ ...ok, idempotencyKey: "k\ud83d\ude00" }]],
  ["an empty list", []],
  ["too many events", Array.from({ length: MAX_BATCH + 1 }, (_, i) => ({ ...ok, idempotencyKey: `k${i}` }))],
  ["not a list", { 0: ok }],
  ["null event", [null]],
  ["an array as event", [[ok]]],
  ["unknown metric", [{ ...ok, metric: "api_calls" }]],
  ["metric from the prototype chain", [{ ...ok, metric: "toString" }]],
  ["missing metric", [{ quantity: 1, idempotencyKey: "k" }]],
  ["fractional quantity", [{ ...ok, quantity: 1.5 }]],
  ["negative quantity", [{ ...ok, quantity: -1 }]],
  ["too large quantity", [{ ...ok, quantity: 1_000_000_001 }]],
  ["quantity as text", [{ ...ok, quantity: "1" }]],
  ["NaN quantity", [{ ...ok, quantity: Number.NaN }]],
  ["infinite quantity", [{ ...ok, quantity: Number.POSITIVE_INFINITY }]],
  ["empty key", [{ ...ok, idempotencyKey: "" }]],
  ["201-character key", [{ ...ok, idempotencyKey: "x".repeat(201) }]],
  ["key with NUL", [{ ...ok, idempotencyKey: "a\u0000b" }]],
  ["key with a lone surrogate", [{ ...ok, idempotencyKey: "a\ud800" }]],
  ["numeric key", [{ ...ok, idempotencyKey: 7 }]],
  ["second event bad", [ok, { ...ok, quantity: -5 }]],
];

describe("plainBatch, the fast path of usage batches", () => {
  it.each(cases)("agrees with zod: %s", (_name, events) => {
    const byZod = ZEvents.safeParse({ events });
    const fast = plainBatch(events);
    if (!byZod.success) expect(fast).toBeNull();
    if (fast) expect(fast).toEqual(byZod.success ? byZod.data.events : "zod refused it");
  });

  it("takes the common batch itself, and leaves timestamps to zod", () => {
    expect(plainBatch([ok])).toEqual([ok]);
    expect(plainBatch([{ ...ok, timestamp: "2026-11-01T12:00:00Z" }])).toBeNull();
    // parseUsageBody still parses what the fast path leaves (zod's answer).
    expect(parseUsageBody({ events: [{ ...ok, timestamp: "2026-11-01T12:00:00Z" }] })).toEqual([{ ...ok, timestamp: "2026-11-01T12:00:00Z" }]);
  });

  it("a batch the fast path refuses gets zod's message naming the field", () => {
    expect(() => parseUsageBody({ events: [ok, { ...ok, quantity: -5 }] })).toThrow(/quantity must not be negative/);
    expect(() => parseUsageBody({ events: [{ ...ok, idempotencyKey: "a\u0000b" }] })).toThrow(/NUL/);
  });
});
