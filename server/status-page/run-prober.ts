import { lt, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "../db/client";
import { probeResults } from "../db/schema";
import { env } from "../env";
import { logger } from "../logger";
import { STATUS_COMPONENTS, type StatusComponent } from "../../lib/status-page/catalog";

/** What the API check expects back: an OpenAPI document (its version string is enough to tell). */
const ZOpenApiDocument = z.object({ openapi: z.string() });

// The synthetic prober (README "Status page"): every minute, one check per critical path, each
// bounded by PROBE_TIMEOUT_MS and run side by side, so a run takes at most that long. HTTP checks
// go to this deployment's own apex (PROBE_BASE_URL) and are skipped, not failed, when it is unset
// (CI, offline development); the billing check also reads the database, so it always records.
// No transaction is open while a check runs (claim, commit, call, record): results are written
// afterwards in one statement.

/** A check throws (with a message a person can act on) when the path does not work. */
export type ProbeCheck = { component: StatusComponent; needsBaseUrl: boolean; run: (context: { baseUrl: string | null; signal: AbortSignal }) => Promise<void> };

export type RunProberOptions = {
  now?: Date;
  /** Default PROBE_BASE_URL; null skips the HTTP checks. */
  baseUrl?: string | null;
  timeoutMs?: number;
  checks?: ProbeCheck[];
};

export type ProberReport = { minute: Date; recorded: number; duplicates: number; failed: StatusComponent[]; skipped: StatusComponent[]; pruned: number };

const ERROR_MAX = 500;

async function expectPage(baseUrl: string, path: string, signal: AbortSignal, accept: "html" | "json"): Promise<string> {
  const res = await fetch(new URL(path, baseUrl), { signal, redirect: "manual", headers: { accept: accept === "json" ? "application/json" : "text/html", "user-agent": "atrium-prober" } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
  const type = res.headers.get("content-type") ?? "";
  if (!type.includes(accept === "json" ? "json" : "html")) throw new Error(`GET ${path} answered ${type || "no content type"}`);
  return body;
}

export const DEFAULT_CHECKS: ProbeCheck[] = [
  // The instance, its database and readiness: what every dashboard page needs first.
  { component: "dashboard", needsBaseUrl: true, run: async ({ baseUrl, signal }) => void (await expectPage(baseUrl!, "/api/health/ready", signal, "json")) },
  {
    component: "api",
    needsBaseUrl: true,
    run: async ({ baseUrl, signal }) => {
      const text = await expectPage(baseUrl!, "/api/v1/openapi.json", signal, "json");
      if (!ZOpenApiDocument.safeParse(JSON.parse(text) as unknown).success) throw new Error("GET /api/v1/openapi.json is not an OpenAPI document");
    },
  },
  { component: "sign-in", needsBaseUrl: true, run: async ({ baseUrl, signal }) => void (await expectPage(baseUrl!, "/sign-in", signal, "html")) },
  {
    // The billing ledger answers (a platform-wide table, so no workspace is read), and, with a
    // base URL, the pricing page renders from the plan catalog.
    component: "billing",
    needsBaseUrl: false,
    run: async ({ baseUrl, signal }) => {
      await getDb().execute(sql`select 1 from billing_events limit 1`);
      if (baseUrl) await expectPage(baseUrl, "/pricing", signal, "html");
    },
  },
];

function withTimeout(check: ProbeCheck, baseUrl: string | null, timeoutMs: number): Promise<{ ok: boolean; latencyMs: number; error: string | null }> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  return Promise.race([check.run({ baseUrl, signal: controller.signal }), timeout])
    .then(
      () => ({ ok: true, error: null }),
      (error: unknown) => ({ ok: false, error: (error instanceof Error ? error.message : String(error)).replace(/\0/g, "").slice(0, ERROR_MAX) || "failed" }),
    )
    .then((outcome) => ({ ...outcome, latencyMs: Math.round(performance.now() - started) }))
    .finally(() => clearTimeout(timer));
}

export function minuteOf(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000);
}

/** Runs every check once and records this minute's results (a second run in the same minute records nothing). */
export async function runProber(options: RunProberOptions = {}): Promise<ProberReport> {
  const now = options.now ?? new Date();
  const minute = minuteOf(now);
  const baseUrl = options.baseUrl === undefined ? (env.PROBE_BASE_URL ?? null) : options.baseUrl;
  const checks = options.checks ?? DEFAULT_CHECKS;
  const timeoutMs = options.timeoutMs ?? env.PROBE_TIMEOUT_MS;
  const runnable = checks.filter((c) => baseUrl || !c.needsBaseUrl);
  const skipped = checks.filter((c) => !runnable.includes(c)).map((c) => c.component);
  const outcomes = await Promise.all(runnable.map(async (check) => ({ component: check.component, ...(await withTimeout(check, baseUrl, timeoutMs)) })));
  const failed = outcomes.filter((o) => !o.ok).map((o) => o.component);
  if (failed.length) logger.warn("prober: checks failed", { minute: minute.toISOString(), failures: outcomes.filter((o) => !o.ok).map((o) => `${o.component}: ${o.error}`) });
  const rows = outcomes.filter((o) => (STATUS_COMPONENTS as readonly string[]).includes(o.component));
  const inserted = rows.length
    ? await getDb()
        .insert(probeResults)
        .values(rows.map((o) => ({ component: o.component, minute, ok: o.ok, latencyMs: o.latencyMs, error: o.error })))
        .onConflictDoNothing()
        .returning({ component: probeResults.component })
    : [];
  const pruned = await pruneProbeResults(now);
  return { minute, recorded: inserted.length, duplicates: rows.length - inserted.length, failed, skipped, pruned };
}

/** Deletes results older than PROBE_RETENTION_DAYS; a few rows a minute in steady state. */
export async function pruneProbeResults(now: Date, retentionDays = env.PROBE_RETENTION_DAYS): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const result = (await getDb().delete(probeResults).where(lt(probeResults.minute, cutoff))) as unknown as { count: number };
  return result.count;
}
