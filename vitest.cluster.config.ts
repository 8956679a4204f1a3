import { defineConfig } from "vitest/config";
import base from "./vitest.config";

// The cluster test (test/cluster): starts its own database, PgBouncer, Redis, app instances of the
// production build and a worker, so it runs after `next build` and without the shared test setup.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["test/cluster/**/*.test.ts"],
    exclude: ["node_modules/**"],
    globalSetup: [],
    setupFiles: [],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
