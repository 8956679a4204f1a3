// `npm run bench -- insights` (issue 16): two questions about the insights.
//
// 1. Does the churn score find leaving workspaces better than the obvious rule? On generated
//    histories with known outcomes (server/insights/analysis/generate-histories.ts, fixed seeds),
//    precision and recall of the top decile ranked by churnRisk, next to the baseline rule "usage
//    fell 50 %" (a yes/no flag; ties in generation order) and to ranking by how far usage fell;
//    and the rule's own precision against the score's top with as many workspaces.
// 2. How long does the nightly recomputation take? On a fresh embedded database (no server),
//    BENCH_INSIGHTS_WORKSPACES workspaces (default 10,000) with ten weeks of hourly usage roll-ups
//    (bench/insights-data.ts), then analyseAllWorkspaces (the nightly job's function) over all of
//    them: total, workspaces/s, and p50 / p95 per workspace (the gaps between the reports' start
//    stamps: the walk is one workspace after another). Baselines in the same run, per workspace:
//    a bare `select 1` in a tenant transaction, and loading the analysis's inputs alone. Then the
//    console's rankings (list-insight-rankings.ts, drizzle/0043) over all those reports, p50 / p95.
// Targets: the score's top-decile precision and recall at least the baseline rule's; the night
// for 10,000 workspaces (measured, or extrapolated linearly from N and labelled so) within the
// nightly job's 45-minute budget; the console's rankings within 100 ms at p95.
import { rmSync } from "node:fs";
import postgres from "postgres";
import { provisionDatabase } from "../scripts/lib/database";
import { startEmbeddedPostgres } from "../scripts/lib/embedded-postgres";
import { churnRisk, usageChange } from "../server/insights/analysis/churn-risk";
import { generateHistories } from "../server/insights/analysis/generate-histories";
import { precisionRecallAtTop } from "../server/insights/analysis/ranking-quality";
import { generateInsightsData } from "./insights-data";
import { reportTargets, runBench, type Target } from "./lib";

const PG_PORT = 54393;
const DATA_DIR = ".data/bench-insights";
const WORKSPACES = Number(process.env.BENCH_INSIGHTS_WORKSPACES ?? 10_000);
const SEEDS = [2026, 1, 2, 3, 4];
const HISTORIES_PER_SEED = 2_000;
const FULL_SIZE = 10_000;
const NIGHT_BUDGET_MIN = 45;
const CONSOLE_ROUNDS = 20;
/** As bench/operator.ts asks of a console list page. */
const CONSOLE_TARGET_MS = 100;
const NOW = new Date(Date.UTC(2026, 10, 29, 12));

const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 1 });
const pct = (n: number) => `${(n * 100).toFixed(1)} %`;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

function table(header: string[], lines: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cols: string[]) => cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(row(header));
  for (const l of lines) console.log(row(l));
}

type Quality = { precision: number; recall: number };

function churnQuality(): { score: Quality; rule: Quality; decline: Quality; ruleOwn: Quality & { share: number }; scoreAtRule: Quality } {
  const lines: string[][] = [];
  const sums = { score: [0, 0], rule: [0, 0], decline: [0, 0], ruleOwn: [0, 0, 0], scoreAtRule: [0, 0] };
  for (const seed of SEEDS) {
    const outcomes = generateHistories({ seed, count: HISTORIES_PER_SEED, now: NOW }).map((g) => ({
      churned: g.outcome === "churn",
      risk: churnRisk(g.history, NOW).score,
      change: usageChange(g.history, NOW).change,
    }));
    const at = (score: (o: (typeof outcomes)[number]) => number, share?: number) => precisionRecallAtTop(outcomes.map((o) => ({ score: score(o), positive: o.churned })), share);
    const score = at((o) => o.risk);
    const rule = at((o) => (o.change <= -0.5 ? 1 : 0));
    const decline = at((o) => -o.change);
    const flagged = outcomes.filter((o) => o.change <= -0.5);
    const positives = outcomes.filter((o) => o.churned).length;
    const ruleOwn = { precision: flagged.filter((o) => o.churned).length / Math.max(1, flagged.length), recall: flagged.filter((o) => o.churned).length / Math.max(1, positives) };
    const scoreAtRule = at((o) => o.risk, flagged.length / outcomes.length);
    for (const [key, q] of [["score", score], ["rule", rule], ["decline", decline], ["scoreAtRule", scoreAtRule]] as const) {
      sums[key][0]! += q.precision;
      sums[key][1]! += q.recall;
    }
    sums.ruleOwn[0]! += ruleOwn.precision;
    sums.ruleOwn[1]! += ruleOwn.recall;
    sums.ruleOwn[2]! += flagged.length / outcomes.length;
    lines.push([
      String(seed),
      `${fmt(positives)} / ${fmt(outcomes.length)}`,
      `${pct(score.precision)} / ${pct(score.recall)}`,
      `${pct(rule.precision)} / ${pct(rule.recall)}`,
      `${pct(decline.precision)} / ${pct(decline.recall)}`,
      `${pct(ruleOwn.precision)} / ${pct(ruleOwn.recall)} (${pct(flagged.length / outcomes.length)} flagged)`,
      `${pct(scoreAtRule.precision)} / ${pct(scoreAtRule.recall)}`,
    ]);
  }
  const mean = (pair: number[]) => ({ precision: pair[0]! / SEEDS.length, recall: pair[1]! / SEEDS.length });
  const result = { score: mean(sums.score), rule: mean(sums.rule), decline: mean(sums.decline), ruleOwn: { ...mean(sums.ruleOwn), share: sums.ruleOwn[2]! / SEEDS.length }, scoreAtRule: mean(sums.scoreAtRule) };
  lines.push([
    "mean",
    "",
    `${pct(result.score.precision)} / ${pct(result.score.recall)}`,
    `${pct(result.rule.precision)} / ${pct(result.rule.recall)}`,
    `${pct(result.decline.precision)} / ${pct(result.decline.recall)}`,
    `${pct(result.ruleOwn.precision)} / ${pct(result.ruleOwn.recall)} (${pct(result.ruleOwn.share)} flagged)`,
    `${pct(result.scoreAtRule.precision)} / ${pct(result.scoreAtRule.recall)}`,
  ]);
  console.log(`\n## churn ranking quality: ${SEEDS.length} seeds × ${fmt(HISTORIES_PER_SEED)} generated workspaces, precision / recall`);
  table(["seed", "churned", "churnRisk top 10 %", "rule 'fell 50 %' top 10 %", "usage decline top 10 %", "rule as a flag", "churnRisk top (rule's share)"], lines);
  return result;
}

type NightFigures = { totalMs: number; analysed: number; failed: number; perWorkspace: number[]; selectOne: number[]; loadInputs: number[]; consoleRead: number[] };

async function nightlyDuration(): Promise<NightFigures> {
  rmSync(DATA_DIR, { recursive: true, force: true });
  const embedded = await startEmbeddedPostgres({ dataDir: `${DATA_DIR}/pg`, port: PG_PORT, durable: false });
  try {
    const urls = await provisionDatabase(embedded.adminUrl, "atrium");
    const superuser = postgres(`postgres://postgres:postgres@127.0.0.1:${PG_PORT}/atrium`, { max: 1, onnotice: () => {} });
    try {
      console.log(`\n## generating ${fmt(WORKSPACES)} workspaces with ten weeks of hourly roll-ups (bench/insights-data.ts)`);
      for (const t of await generateInsightsData(superuser, WORKSPACES)) {
        console.log(`  ${t.step.padEnd(66)} ${t.rows ? fmt(t.rows).padStart(12) : "".padStart(12)} rows  ${(t.ms / 1000).toFixed(1).padStart(7)} s`);
      }
      const ids = (await superuser<{ id: string }[]>`select id from tenants where slug like 'ins-%' order by slug`).map((r) => r.id);

      process.env.DATABASE_URL = urls.appUrl;
      process.env.LOG_LEVEL ??= "warn";
      const { sql } = await import("drizzle-orm");
      const { withTenant } = await import("../server/db/with-tenant");
      const { loadInsightInputs } = await import("../server/insights/load-insight-inputs");
      const { analyseAllWorkspaces } = await import("../server/insights/nightly-insights");
      const { listInsightRankings } = await import("../server/operators/list-insight-rankings");
      const { createSessionRecord } = await import("../server/sessions/create-session-record");
      const { closeDb } = await import("../server/db/client");
      const { closeJobQueue } = await import("../server/jobs/job-queue");
      try {
        const now = new Date();
        const timeEach = async (label: string, run: (id: string) => Promise<unknown>) => {
          const times: number[] = [];
          const started = performance.now();
          for (const id of ids) {
            const t = performance.now();
            await run(id);
            times.push(performance.now() - t);
          }
          console.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
          return times;
        };
        console.log("\n## per workspace, one after another");
        const selectOne = await timeEach("baseline: select 1 in a tenant transaction", (id) => withTenant(id, (tx) => tx.execute(sql`select 1`)));
        const loadInputs = await timeEach("baseline: load the analysis's inputs only", (id) => withTenant(id, (tx) => loadInsightInputs(tx, id, now)));
        const started = performance.now();
        const report = await analyseAllWorkspaces({ budgetMs: 24 * 3_600_000 });
        const totalMs = performance.now() - started;
        console.log(`  analyseAllWorkspaces: ${(totalMs / 1000).toFixed(1)} s (${report.analysed} analysed, ${report.failed} failed)`);
        // Each report's created_at is its workspace's start (the walk is sequential): the gaps are the per-workspace times.
        const starts = (await superuser<{ at: Date }[]>`select created_at as at from insight_reports order by created_at`).map((r) => r.at.getTime());
        const endAt = starts.length ? starts[0]! + totalMs : 0;
        const perWorkspace = starts.map((s, i) => (starts[i + 1] ?? Math.max(endAt, s)) - s);
        // What the console would rank: the generated shapes must give scores, or the run measured little.
        const [spread] = await superuser<{ churn: number; expansion: number; done: number }[]>`
          select count(*) filter (where churn_score >= 30)::int as churn, count(*) filter (where expansion_score >= 30)::int as expansion,
                 count(*) filter (where status = 'done')::int as done from insight_reports`;
        console.log(`  reports done: ${fmt(spread!.done)}; churn score ≥ 30: ${fmt(spread!.churn)}; expansion score ≥ 30: ${fmt(spread!.expansion)}`);
        // The console's read of the rankings over every workspace's report (drizzle/0043), as an operator with a second factor.
        const [ops] = await superuser<{ id: string }[]>`
          insert into users (email, name, password_hash, operator_role) values ('ops@insights.test', 'Operator', 'not-a-password-hash', 'support') returning id`;
        await superuser`insert into user_totp (user_id, secret_sealed, confirmed_at) values (${ops!.id}, 'bench', now())`;
        const session = await createSessionRecord({ userId: ops!.id, host: "admin.localhost", ip: "127.0.0.1", userAgent: "bench" });
        const reader = { sessionId: session.id, meta: { ip: "127.0.0.1", userAgent: "bench" } };
        const consoleRead: number[] = [];
        for (let round = 0; round < CONSOLE_ROUNDS + 2; round++) {
          const t = performance.now();
          await listInsightRankings(reader);
          if (round >= 2) consoleRead.push(performance.now() - t);
        }
        return { totalMs, analysed: report.analysed, failed: report.failed, perWorkspace, selectOne, loadInputs, consoleRead };
      } finally {
        await closeJobQueue().catch(() => {});
        await closeDb();
      }
    } finally {
      await superuser.end({ timeout: 5 });
    }
  } finally {
    await embedded.stop();
    rmSync(DATA_DIR, { recursive: true, force: true });
  }
}

async function main() {
  const quality = churnQuality();
  const night = await nightlyDuration();
  const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
  const sum = (v: number[]) => v.reduce((s, x) => s + x, 0);
  const line = (label: string, times: number[], totalMs = sum(times)) => {
    const s = sorted(times);
    return [label, `${(totalMs / 1000).toFixed(1)} s`, fmt(times.length / (totalMs / 1000)), `${percentile(s, 50).toFixed(1)} ms`, `${percentile(s, 95).toFixed(1)} ms`];
  };
  console.log(`\n## nightly recomputation, ${fmt(WORKSPACES)} workspaces (this machine, one walk, as the job runs it)`);
  table(["case", "total", "workspaces/s", "p50", "p95"], [
    line("baseline: select 1 per workspace", night.selectOne),
    line("baseline: load inputs per workspace", night.loadInputs),
    line("analyseAllWorkspaces (load, analyse, store)", night.perWorkspace, night.totalMs),
  ]);
  const reads = sorted(night.consoleRead);
  console.log(`  console rankings (two audited reads over ${fmt(WORKSPACES)} reports, ${CONSOLE_ROUNDS} rounds): p50 ${percentile(reads, 50).toFixed(1)} ms, p95 ${percentile(reads, 95).toFixed(1)} ms`);
  const fullMin = (night.totalMs / Math.max(1, night.analysed + night.failed)) * FULL_SIZE / 60_000;
  const measuredFull = WORKSPACES >= FULL_SIZE;
  console.log(
    measuredFull
      ? `  ${fmt(FULL_SIZE)} workspaces measured: ${fmt(night.totalMs / 60_000)} min`
      : `  EXTRAPOLATED (linear, from ${fmt(WORKSPACES)} measured): ${fmt(FULL_SIZE)} workspaces ≈ ${fmt(fullMin)} min`,
  );
  if (night.failed) console.log(`  ${night.failed} analyses failed: the figures above do not measure the job`);

  const targets: Target[] = [
    { figure: "churn top-decile precision", value: quality.score.precision * 100, unit: "%", baseline: { label: "usage fell 50 %", value: quality.rule.precision * 100 }, goal: 1 },
    { figure: "churn top-decile recall", value: quality.score.recall * 100, unit: "%", baseline: { label: "usage fell 50 %", value: quality.rule.recall * 100 }, goal: 1 },
    {
      figure: `nightly run, ${fmt(FULL_SIZE)} workspaces${measuredFull ? "" : ` (extrapolated from ${fmt(WORKSPACES)})`}`,
      value: fullMin,
      unit: "min",
      goal: NIGHT_BUDGET_MIN,
      atMost: true,
      note: `per workspace p50 ${percentile(sorted(night.perWorkspace), 50).toFixed(1)} ms, p95 ${percentile(sorted(night.perWorkspace), 95).toFixed(1)} ms; load inputs alone p50 ${percentile(sorted(night.loadInputs), 50).toFixed(1)} ms`,
    },
    { figure: `console rankings p95, ${fmt(WORKSPACES)} workspaces`, value: percentile(reads, 95), unit: "ms", goal: CONSOLE_TARGET_MS, atMost: true, note: `p50 ${percentile(reads, 50).toFixed(1)} ms` },
  ];
  if (night.failed) process.exitCode = 1;
  reportTargets("insights targets", targets);
}

runBench(main);
