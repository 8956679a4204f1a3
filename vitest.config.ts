import path from "node:path";
import { defineConfig } from "vitest/config";

// Vitest 5's reporter uses Map.groupBy, which Node 20 lacks (Node 21+). Loaded in the main process.
if (typeof Map.groupBy !== "function") {
  Object.defineProperty(Map, "groupBy", {
    value<K, T>(items: Iterable<T>, key: (item: T, index: number) => K): Map<K, T[]> {
      const groups = new Map<K, T[]>();
      let i = 0;
      for (const item of items) {
        const k = key(item, i++);
        const list = groups.get(k);
        if (list) list.push(item);
        else groups.set(k, [item]);
      }
      return groups;
    },
  });
}

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // What the next-intl plugin aliases in Next builds, for server modules that translate.
      "next-intl/config": path.resolve(import.meta.dirname, "server/i18n/request.ts"),
    },
    // Server modules import "server-only", which only resolves under this condition.
    conditions: ["react-server"],
  },
  ssr: { resolve: { conditions: ["react-server", "node"] } },
  test: {
    include: ["lib/**/*.test.ts", "server/**/*.test.ts", "test/**/*.test.ts", "proxy.test.ts"],
    // Needs the production build and starts its own services: vitest.cluster.config.ts.
    exclude: ["test/cluster/**", "node_modules/**"],
    globalSetup: ["./test/global-setup.ts"],
    setupFiles: ["./test/setup-database.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
