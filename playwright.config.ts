import { defineConfig } from "@playwright/test";

// E2E runs against `npm start` (the standalone server `npm test` builds) on its own port, data directory and
// embedded PostgreSQL, so it never touches your dev data. E2E_BASE_URL points it at a running
// server instead (e.g. `npm run dev`).
const port = Number(process.env.E2E_PORT ?? 3100);
const external = process.env.E2E_BASE_URL;
export const ROOT = external ? new URL(external).host : `localhost:${port}`;

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  use: {
    baseURL: external ?? `http://${ROOT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // Custom-domain tests use *.e2e.test hosts (DNS answers come from DNS_FIXTURE_FILE).
        "--host-resolver-rules=MAP *.e2e.test 127.0.0.1",
      ],
    },
  },
  webServer: external
    ? undefined
    : {
        command: `node --conditions=react-server --import tsx scripts/launch.ts start --port ${port}`,
        url: `http://${ROOT}/`,
        timeout: 240_000,
        reuseExistingServer: false,
        stdout: "pipe",
        stderr: "pipe",
        env: {
          ATRIUM_DATA_DIR: ".data/e2e",
          ATRIUM_PG_PORT: String(Number(process.env.E2E_PG_PORT ?? 54339)),
          ROOT_DOMAIN: ROOT,
          ATRIUM_SEED: "1",
          // Every spec signs up from the same address; the per-IP limit itself is covered by unit tests.
          WORKSPACE_CREATIONS_PER_HOUR: "50",
          SIGN_UPS_PER_HOUR: "100",
          NEXT_TELEMETRY_DISABLED: "1",
          DNS_FIXTURE_FILE: ".data/e2e/dns.json",
          // e2e/webhooks.spec.ts's receiver listens on this machine, which webhooks may otherwise never reach.
          WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
          // Status changes made underneath the app (operator, background jobs) show within a second.
          TENANT_CACHE_TTL_MS: "1000",
        },
      },
});
