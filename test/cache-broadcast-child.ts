// Child process of test/cache-broadcast.test.ts: one "instance" with its own cache registry (a
// registry lives on globalThis, so only a second process is honestly another instance), driven
// over stdin with one JSON command per line, answering one JSON line each on stdout.
import readline from "node:readline";
import { createCache, type Cache } from "../server/cache/cache";
import { startCacheBroadcast } from "../server/cache/broadcast-invalidations";

type Command = { id: number; op: "set" | "get" | "delete" | "clear" | "stats" | "stop"; cache: string; key?: string; value?: string };

const caches: Record<string, Cache<{ value: string }>> = {
  // Lives longer than the reconnect threshold: cleared whenever the subscription (re)starts.
  long: createCache({ name: "probe-long", max: 100, ttlMs: 600_000 }),
  // Below the threshold: only a message drops its entries.
  medium: createCache({ name: "probe-medium", max: 100, ttlMs: 30_000 }),
  // This instance's own: never broadcast.
  local: createCache({ name: "probe-local", max: 100, ttlMs: 600_000, shared: false }),
};

const broadcast = startCacheBroadcast({
  url: process.env.CACHE_TEST_REDIS_URL!,
  channel: process.env.CACHE_TEST_CHANNEL!,
  reconnectClearAboveMs: 60_000,
  healthCheckMs: process.env.CACHE_TEST_HEALTH_MS ? Number(process.env.CACHE_TEST_HEALTH_MS) : undefined,
});
if (!broadcast) throw new Error("no broadcast started");

const reply = (id: number, body: object) => process.stdout.write(`${JSON.stringify({ id, ...body })}\n`);

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const command = JSON.parse(line) as Command;
  const cache = caches[command.cache];
  const started = performance.now();
  switch (command.op) {
    case "set":
      cache!.set(command.key!, { value: command.value! });
      break;
    case "delete":
      cache!.delete(command.key!);
      break;
    case "clear":
      cache!.clear();
      break;
    case "stop":
      void broadcast.stop().then(() => {
        reply(command.id, { ok: true });
        process.exit(0);
      });
      return;
    default:
      break;
  }
  reply(command.id, {
    ok: true,
    value: command.op === "get" ? (cache!.get(command.key!)?.value ?? null) : undefined,
    stats: broadcast.stats(),
    // How long the operation itself took: a cache must never wait for Redis.
    tookMs: performance.now() - started,
  });
});
process.stdout.write("READY\n");
