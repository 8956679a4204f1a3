import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedServer } from "../scripts/lib/embedded-postgres";
import { openSeededDashboard, startOwnServer } from "./own-server";

// The dashboard while its database is down: a readable "temporarily unavailable" page within
// seconds (no hanging request), and back to the dashboard by itself once the database returns.

function stopPostgres(pgDataDir: string): Promise<void> {
  // Fast shutdown of the launcher's embedded server, behind the launcher's back (as an outage would).
  const pid = Number(readFileSync(path.join(pgDataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  process.kill(pid, "SIGINT");
  return expect
    .poll(() => {
      try {
        process.kill(pid, 0);
        return "running";
      } catch {
        return "stopped";
      }
    }, { timeout: 30_000 })
    .toBe("stopped");
}

test("a dashboard page says the service is temporarily unavailable while the database is down, and recovers by itself", async ({ page }) => {
  test.setTimeout(180_000);
  const own = await startOwnServer();
  let restarted: EmbeddedServer | undefined;
  try {
    const dashboard = await openSeededDashboard(page, own.port);
    await expect(page.getByRole("heading", { level: 1, name: "Acme Inc." })).toBeVisible();

    await stopPostgres(own.pgDataDir);
    const started = Date.now();
    await page.goto(`${dashboard}/members`, { timeout: 15_000 });
    await expect(page.getByRole("heading", { name: "Temporarily unavailable" })).toBeVisible({ timeout: 15_000 });
    const shownAfterMs = Date.now() - started;
    await expect(page.getByText("reloads by itself as soon as the service is back")).toBeVisible();
    console.info(`db outage e2e: "temporarily unavailable" shown ${shownAfterMs} ms after navigating`);
    expect(shownAfterMs).toBeLessThan(10_000);

    restarted = await startEmbeddedPostgres({ dataDir: own.pgDataDir, port: own.pgPort });
    // The page checks /api/health every 5 s and reloads once it answers.
    await expect(page.getByRole("cell", { name: "alice@acme.test" })).toBeVisible({ timeout: 30_000 });
  } finally {
    await own.dispose();
    await restarted?.stop();
  }
});
