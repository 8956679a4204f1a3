import "server-only";
import { and, desc, eq, inArray, lt, or } from "drizzle-orm";
import { insightReports, type InsightReport } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { enqueueJobAfterCommit } from "../jobs/enqueue-job";
import { logger } from "../logger";
import { loadQuotaContext } from "../usage/quota";
import { analyseWorkspace, type InsightFacts } from "./analyse-workspace";
import { loadInsightInputs } from "./load-insight-inputs";
import { composeInsightSummary, summaryModel } from "./summary/compose-insight-summary";

/** A run not finished after this long died with its worker; asking again replaces it. */
export const STALE_RUN_MS = 10 * 60_000;

export type InsightRunView = Pick<InsightReport, "id" | "status" | "progress" | "stage" | "error" | "createdAt" | "startedAt" | "finishedAt">;

const runView = (r: InsightReport): InsightRunView => ({ id: r.id, status: r.status, progress: r.progress, stage: r.stage, error: r.error, createdAt: r.createdAt, startedAt: r.startedAt, finishedAt: r.finishedAt });

const isStale = (r: InsightReport, now: Date) => now.getTime() - (r.startedAt ?? r.createdAt).getTime() > STALE_RUN_MS;

/**
 * "Analyse now": queues an analysis of the workspace, or returns the one already waiting or
 * running (a second tab, a double click), so there is never more than one at a time. A run left
 * behind by a worker that died is marked failed and replaced.
 */
export async function requestInsightAnalysis({
  tenantId,
  actorUserId,
  now = new Date(),
  queue = true,
}: {
  tenantId: string;
  actorUserId: string | null;
  now?: Date;
  /** False when the caller runs it itself at once (the nightly walk): no job to find it done. */
  queue?: boolean;
}): Promise<InsightRunView> {
  return withTenant(tenantId, async (tx) => {
    const [active] = await tx
      .select()
      .from(insightReports)
      .where(and(eq(insightReports.tenantId, tenantId), inArray(insightReports.status, ["queued", "running"])))
      .for("update");
    if (active && !isStale(active, now)) return runView(active);
    if (active) {
      await tx
        .update(insightReports)
        .set({ status: "failed", error: "The analysis stopped without finishing.", finishedAt: now })
        .where(and(eq(insightReports.tenantId, tenantId), eq(insightReports.id, active.id)));
    }
    const { period } = await loadQuotaContext(tx, tenantId, now);
    const [created] = await tx.insert(insightReports).values({ tenantId, requestedBy: actorUserId, periodStart: period.start, createdAt: now }).onConflictDoNothing().returning();
    if (!created) {
      // Another request queued one between our read and insert: that one is the answer.
      const [other] = await tx.select().from(insightReports).where(and(eq(insightReports.tenantId, tenantId), inArray(insightReports.status, ["queued", "running"])));
      return runView(other!);
    }
    if (queue) enqueueJobAfterCommit(tx, "insights", { tenantId, reportId: created.id }, { singletonKey: created.id });
    return runView(created);
  });
}

async function setProgress(tenantId: string, reportId: string, progress: number, stage: string): Promise<void> {
  await withTenant(tenantId, (tx) =>
    tx
      .update(insightReports)
      .set({ progress, stage })
      .where(and(eq(insightReports.tenantId, tenantId), eq(insightReports.id, reportId), eq(insightReports.status, "running"))),
  );
}

/**
 * Runs one queued analysis: claims it (queued, or running but stale), computes the facts in
 * steps that report progress, stores them with the scores. A failure is stored on the report with
 * a readable message (and logged), never left running.
 */
export async function runInsightReport({
  tenantId,
  reportId,
  now = () => new Date(),
  summary = true,
}: {
  tenantId: string;
  reportId: string;
  now?: () => Date;
  /** False for the nightly walk: a model's seconds per workspace would not fit its budget. */
  summary?: boolean;
}): Promise<boolean> {
  const startedAt = now();
  const [claimed] = await withTenant(tenantId, (tx) =>
    tx
      .update(insightReports)
      .set({ status: "running", startedAt, progress: 5, stage: "Reading usage" })
      .where(
        and(
          eq(insightReports.tenantId, tenantId),
          eq(insightReports.id, reportId),
          or(eq(insightReports.status, "queued"), and(eq(insightReports.status, "running"), lt(insightReports.startedAt, new Date(startedAt.getTime() - STALE_RUN_MS)))),
        ),
      )
      .returning(),
  );
  if (!claimed) return false;
  try {
    const at = now();
    const inputs = await withTenant(tenantId, (tx) => loadInsightInputs(tx, tenantId, at));
    const facts = await analyseWorkspace(inputs, at, (progress, stage) => setProgress(tenantId, reportId, progress, stage));
    // The optional written summary, before the report is done: the page stops polling at done.
    // It never fails the report; without a configured model there is none.
    let text: string | null = null;
    if (summary && summaryModel()) {
      await setProgress(tenantId, reportId, 95, "Writing the summary");
      text = await composeInsightSummary({ tenantId, reportId, facts });
    }
    return storeFacts(tenantId, reportId, facts, text, startedAt, now());
  } catch (error) {
    logger.error("insight analysis failed", { tenantId, reportId, error });
    await withTenant(tenantId, (tx) =>
      tx
        .update(insightReports)
        .set({ status: "failed", error: "The analysis could not be completed. Try again in a few minutes.", finishedAt: now() })
        .where(and(eq(insightReports.tenantId, tenantId), eq(insightReports.id, reportId), eq(insightReports.startedAt, startedAt))),
    );
    return false;
  }
}

async function storeFacts(tenantId: string, reportId: string, facts: InsightFacts, summary: string | null, startedAt: Date, finishedAt: Date): Promise<boolean> {
  const stored = await withTenant(tenantId, (tx) =>
    tx
      .update(insightReports)
      .set({
        status: "done",
        progress: 100,
        stage: "Done",
        facts: JSON.parse(JSON.stringify(facts)) as Record<string, unknown>,
        summary,
        churnScore: Math.round(facts.churn.score),
        expansionScore: Math.round(facts.expansion.score),
        finishedAt,
      })
      // Only the claim that started this run, still running, stores its result: a run marked failed
      // and replaced (its worker was presumed dead) stays failed however late its worker finishes.
      .where(and(eq(insightReports.tenantId, tenantId), eq(insightReports.id, reportId), eq(insightReports.startedAt, startedAt), eq(insightReports.status, "running")))
      .returning({ id: insightReports.id }),
  );
  return stored.length > 0;
}

/** Analyses a workspace at once, outside the queue (the nightly job, tests): one report, done; the written summary only when asked. */
export async function analyseWorkspaceNow({ tenantId, now = new Date(), summary = false }: { tenantId: string; now?: Date; summary?: boolean }): Promise<string | null> {
  const run = await requestInsightAnalysis({ tenantId, actorUserId: null, now, queue: false });
  return (await runInsightReport({ tenantId, reportId: run.id, now: () => now, summary })) ? run.id : null;
}

export type LatestInsights = { report: (InsightRunView & { facts: InsightFacts; summary: string | null }) | null; run: InsightRunView | null };

/**
 * The newest finished analysis (its facts), and the newest run after it (in progress, or failed).
 * A run with no progress for STALE_RUN_MS is shown as failed: its worker died, and "Analyse now"
 * (enabled again) replaces it, instead of the page waiting for it for ever.
 */
export async function latestInsights({ tenantId, now = new Date() }: { tenantId: string; now?: Date }): Promise<LatestInsights> {
  const newest = (finished: boolean) =>
    withTenant(tenantId, async (tx) => {
      const [row] = await tx
        .select()
        .from(insightReports)
        .where(and(eq(insightReports.tenantId, tenantId), finished ? eq(insightReports.status, "done") : undefined))
        .orderBy(desc(insightReports.createdAt))
        .limit(1);
      return row;
    });
  const [done, latest] = [await newest(true), await newest(false)];
  const newer = latest && latest.status !== "done" ? latest : null;
  const stale = newer && (newer.status === "queued" || newer.status === "running") && isStale(newer, now);
  return {
    report: done?.facts ? { ...runView(done), facts: reviveFacts(done.facts), summary: done.summary } : null,
    run: newer ? (stale ? { ...runView(newer), status: "failed", error: "The analysis stopped without finishing. Try again." } : runView(newer)) : null,
  };
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** The fields of InsightFacts that hold dates; nothing else is revived (a key or member may be named like a date). */
const DATE_KEYS = new Set(["computedAt", "at", "start", "end", "low", "high"]);

/** Stored facts are JSON: their date fields come back as Date objects. */
export function reviveFacts(stored: Record<string, unknown>): InsightFacts {
  return JSON.parse(JSON.stringify(stored), (key, value: unknown) => (DATE_KEYS.has(key) && typeof value === "string" && ISO.test(value) ? new Date(value) : value)) as InsightFacts;
}
