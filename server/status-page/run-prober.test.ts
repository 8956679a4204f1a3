import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../db/client";
import { probeResults } from "../db/schema";
import { listPlatformDownMinutes } from "./list-platform-down-minutes";
import { minuteOf, pruneProbeResults, runProber, type ProbeCheck } from "./run-prober";

// A stand-in for the deployment's own apex: the default checks' paths, answered like the app.
let server: Server;
let baseUrl: string;
const answers = new Map<string, { status: number; type: string; body: string; delayMs?: number }>();

function serveAsHealthy() {
  answers.set("/api/health/ready", { status: 200, type: "application/json", body: '{"status":"ready"}' });
  answers.set("/api/v1/openapi.json", { status: 200, type: "application/json", body: '{"openapi":"3.1.0"}' });
  answers.set("/sign-in", { status: 200, type: "text/html; charset=utf-8", body: "<html>sign in</html>" });
  answers.set("/pricing", { status: 200, type: "text/html; charset=utf-8", body: "<html>pricing</html>" });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const answer = answers.get(req.url ?? "") ?? { status: 404, type: "text/plain", body: "not found" };
    setTimeout(() => res.writeHead(answer.status, { "content-type": answer.type }).end(answer.body), answer.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const rowsAt = (minute: Date) => getDb().select().from(probeResults).where(eq(probeResults.minute, minute)).orderBy(asc(probeResults.component));

describe("the synthetic prober", () => {
  it("records one result per component for the minute, and a second run in that minute records nothing", async () => {
    serveAsHealthy();
    const now = new Date("2026-11-02T10:15:42Z");
    const report = await runProber({ now, baseUrl });
    expect(report).toMatchObject({ minute: new Date("2026-11-02T10:15:00Z"), recorded: 4, duplicates: 0, failed: [], skipped: [] });
    const rows = await rowsAt(report.minute);
    expect(rows.map((r) => [r.component, r.ok, r.error])).toEqual([
      ["api", true, null],
      ["billing", true, null],
      ["dashboard", true, null],
      ["sign-in", true, null],
    ]);
    expect(rows.every((r) => r.latencyMs >= 0 && r.latencyMs < 5_000)).toBe(true);

    // The schedule and a catching-up worker may both run in one minute: the first result stands.
    answers.set("/sign-in", { status: 500, type: "text/html", body: "boom" });
    const again = await runProber({ now: new Date("2026-11-02T10:15:59Z"), baseUrl });
    expect(again).toMatchObject({ recorded: 0, duplicates: 4, failed: ["sign-in"] });
    expect((await rowsAt(report.minute)).find((r) => r.component === "sign-in")!.ok).toBe(true);
  });

  it("records failures with their reason: a bad status, a wrong answer, a timeout, an unreachable host", async () => {
    serveAsHealthy();
    answers.set("/sign-in", { status: 503, type: "text/plain", body: "down" });
    answers.set("/api/v1/openapi.json", { status: 200, type: "application/json", body: '{"not":"openapi"}' });
    answers.set("/api/health/ready", { status: 200, type: "application/json", body: "{}", delayMs: 1_000 });
    const report = await runProber({ now: new Date("2026-11-02T10:16:05Z"), baseUrl, timeoutMs: 200 });
    expect(report.failed.sort()).toEqual(["api", "dashboard", "sign-in"]);
    const rows = Object.fromEntries((await rowsAt(report.minute)).map((r) => [r.component, r]));
    expect(rows["sign-in"]).toMatchObject({ ok: false, error: "GET /sign-in answered 503" });
    expect(rows.api).toMatchObject({ ok: false, error: "GET /api/v1/openapi.json is not an OpenAPI document" });
    expect(rows.dashboard).toMatchObject({ ok: false, error: "no answer within 200 ms" });
    expect(rows.dashboard!.latencyMs).toBeLessThan(1_000);
    expect(rows.billing!.ok).toBe(true);

    const unreachable = await runProber({ now: new Date("2026-11-02T10:17:00Z"), baseUrl: "http://127.0.0.1:9", timeoutMs: 2_000 });
    expect(unreachable.failed.sort()).toEqual(["api", "billing", "dashboard", "sign-in"]);
    expect((await rowsAt(unreachable.minute)).every((r) => !r.ok && r.error)).toBe(true);
  });

  it("skips the HTTP checks without a base URL (CI, offline) and still checks billing in the database", async () => {
    const report = await runProber({ now: new Date("2026-11-02T10:18:00Z"), baseUrl: null });
    expect(report).toMatchObject({ recorded: 1, failed: [], skipped: ["dashboard", "api", "sign-in"] });
    expect((await rowsAt(report.minute)).map((r) => r.component)).toEqual(["billing"]);
  });

  it("records a check that throws anything, and keeps error text storable", async () => {
    const checks: ProbeCheck[] = [
      { component: "billing", needsBaseUrl: false, run: async () => Promise.reject(new Error(`bad\u0000byte ${"x".repeat(2_000)}`)) },
    ];
    const report = await runProber({ now: new Date("2026-11-02T10:19:00Z"), baseUrl: null, checks });
    const [row] = await rowsAt(report.minute);
    expect(row!.ok).toBe(false);
    expect(row!.error!.startsWith("badbyte x")).toBe(true);
    expect(row!.error!.length).toBe(500);
  });

  it("lists the minutes in which any component was down, for the SLA", async () => {
    const at = (m: number) => new Date(Date.UTC(2026, 9, 5, 8, m));
    await getDb().insert(probeResults).values([
      { component: "api", minute: at(0), ok: true, latencyMs: 3 },
      { component: "billing", minute: at(0), ok: true, latencyMs: 3 },
      { component: "api", minute: at(1), ok: false, latencyMs: 3, error: "GET /api/v1/openapi.json answered 502" },
      { component: "billing", minute: at(1), ok: false, latencyMs: 3, error: "timeout" },
      { component: "sign-in", minute: at(3), ok: false, latencyMs: 3, error: "GET /sign-in answered 500" },
      { component: "sign-in", minute: at(9), ok: false, latencyMs: 3, error: "outside the range" },
    ]);
    expect(await listPlatformDownMinutes({ from: at(0), to: at(9) })).toEqual([at(1).getTime(), at(3).getTime()]);
  });

  it("prunes results older than the retention period", async () => {
    const now = new Date("2026-11-02T12:00:00Z");
    const old = minuteOf(new Date(now.getTime() - 121 * 86_400_000));
    const kept = minuteOf(new Date(now.getTime() - 119 * 86_400_000));
    await getDb().insert(probeResults).values([
      { component: "api", minute: old, ok: true, latencyMs: 3 },
      { component: "api", minute: kept, ok: true, latencyMs: 3 },
    ]);
    expect(await pruneProbeResults(now, 120)).toBe(1);
    expect(await rowsAt(old)).toEqual([]);
    expect(await rowsAt(kept)).toHaveLength(1);
  });
});
