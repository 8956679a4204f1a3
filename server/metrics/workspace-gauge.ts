import { Gauge, type Registry } from "prom-client";
import { createCache } from "../cache/cache";
import { countWorkspacesByStatusAndPlan, type WorkspaceCount } from "../db/cross-tenant";
import { logger } from "../logger";

// One statement per scrape at most, and none more often than this whatever the number of
// scrapers (several Prometheus servers, or a person refreshing the endpoint).
const COUNTS_TTL_MS = 15_000;
const counts = createCache<{ rows: WorkspaceCount[] }>({ name: "metrics-workspace-counts", max: 1, ttlMs: COUNTS_TTL_MS, shared: false });

/** `atrium_workspaces{status, plan}`, read from the database at scrape time. */
export function registerWorkspaceGauge(registry: Registry): void {
  new Gauge({
    name: "atrium_workspaces",
    help: "Workspaces by status (trialing, active, past_due, suspended, cancelled, deleted) and plan (none without one).",
    labelNames: ["status", "plan"] as const,
    registers: [registry],
    async collect() {
      try {
        const { rows } = await counts.getOrLoad("all", async () => ({ rows: await countWorkspacesByStatusAndPlan() }));
        this.reset();
        for (const row of rows) this.set({ status: row.status, plan: row.planId }, row.workspaces);
      } catch (error) {
        // The rest of the scrape still answers; the series is absent until the database is back.
        this.reset();
        logger.warn("metrics: could not count workspaces", { error });
      }
    },
  });
}
