import { request as httpRequest, createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "../../app/api/metrics/route";
import { makeTenant } from "../../test/factories";
import { createCache } from "../cache/cache";
import { installHttpGate } from "../http/http-gate";
import { checkRateLimit } from "../rate-limit/gcra";
import { createMemoryStore } from "../rate-limit/memory-store";
import { metrics } from "./metrics";
import { renderMetrics } from "./render-metrics";

const TOKEN = "metrics-token-for-tests-0123456789";

type Sample = { name: string; labels: Record<string, string>; value: number };

/** The Prometheus text format (0.0.4), strictly: every line a comment, a sample or blank; every sample of a declared family. */
function parsePrometheusText(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?(?:[0-9.]+(?:e[+-]?\d+)?|\+Inf|-Inf|NaN))$/;
  const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/gy;
  for (const line of text.split("\n")) {
    if (!line) continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/.test(line)) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not Prometheus text: ${line}`);
    const labels: Record<string, string> = {};
    const body = match[2] ?? "";
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < body.length) {
      const label = LABEL.exec(body);
      if (!label) throw new Error(`bad labels: ${line}`);
      labels[label[1]!] = label[2]!;
    }
    const family = [...types.keys()].find((name) => match[1] === name || /^(_bucket|_sum|_count|_total|_created)$/.test(match[1]!.slice(name.length)) && match[1]!.startsWith(name));
    if (!family) throw new Error(`sample without a TYPE: ${line}`);
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return { types, samples };
}

let server: Server;
let port = 0;
beforeAll(async () => {
  installHttpGate();
  server = createServer((req, res) => {
    // What Next.js records on the request once it has matched a route (route-template.ts reads it).
    const template = req.url === "/exports/42/download" ? "/exports/[id]/download" : req.url?.split("?")[0];
    (req as unknown as Record<symbol, unknown>)[Symbol.for("NextInternalRequestMeta")] = { match: { definition: { pathname: template } } };
    res.statusCode = req.url?.startsWith("/fail") ? 503 : 200;
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path }, (res) => {
      res.resume();
      res.on("end", () => setTimeout(resolve, 10));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("GET /api/metrics", () => {
  it("does not exist without METRICS_TOKEN, and wants the right bearer token", async () => {
    const res = await GET(new Request("http://localhost/api/metrics", { headers: { authorization: `Bearer ${TOKEN}` } }));
    expect(res.status).toBe(404);
    for (const authorization of [null, `Bearer wrong-${TOKEN}`, TOKEN, `Basic ${TOKEN}`, `Bearer ${TOKEN} `]) {
      expect((await renderMetrics({ authorization, token: TOKEN })).status, String(authorization)).toBe(401);
    }
  });

  it("answers Prometheus text with the named series after some traffic", async () => {
    const { tenant } = await makeTenant();
    for (const path of ["/api/v1/usage", "/api/v1/usage", "/exports/42/download", "/fail"]) await get(path);
    const store = createMemoryStore();
    const policy = { name: "sign-in", limit: 1, periodSeconds: 60 };
    await checkRateLimit(`k-${tenant.id}`, policy, store);
    expect((await checkRateLimit(`k-${tenant.id}`, policy, store)).allowed).toBe(false);
    const cache = createCache<{ v: number }>({ name: "metrics-test-cache", max: 10, ttlMs: 60_000, shared: false });
    cache.set("a", { v: 1 });
    cache.get("a");
    cache.get("b");
    const counters = metrics();
    counters.stripeEvents.inc({ outcome: "processed" });
    counters.emailsSent.inc();

    const answer = await renderMetrics({ authorization: `Bearer ${TOKEN}`, token: TOKEN });
    expect(answer.status).toBe(200);
    if (answer.status !== 200) return;
    expect(answer.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const { types, samples } = parsePrometheusText(answer.body);
    const sample = (name: string, labels: Record<string, string> = {}) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

    expect(types.get("http_request_duration_seconds")).toBe("histogram");
    expect(sample("http_request_duration_seconds_count", { route: "/api/v1/usage", method: "GET", status_class: "2xx" })?.value).toBeGreaterThanOrEqual(2);
    expect(sample("http_request_duration_seconds_count", { route: "/exports/[id]/download" })?.value).toBeGreaterThanOrEqual(1);
    expect(sample("http_request_duration_seconds_bucket", { route: "/fail", status_class: "5xx", le: "+Inf" })?.value).toBe(1);
    // No workspace, user or request in any label.
    for (const s of samples) expect(Object.keys(s.labels)).not.toContain("workspace");
    expect(answer.body).not.toContain(tenant.id);

    expect(sample("atrium_workspaces", { status: "trialing" })?.value).toBeGreaterThanOrEqual(1);
    expect(sample("atrium_rate_limit_rejections_total", { policy: "sign-in" })?.value).toBeGreaterThanOrEqual(1);
    expect(sample("atrium_cache_requests_total", { cache: "metrics-test-cache", result: "hit" })?.value).toBe(1);
    expect(sample("atrium_cache_requests_total", { cache: "metrics-test-cache", result: "miss" })?.value).toBe(1);
    expect(sample("atrium_stripe_events_total", { outcome: "processed" })?.value).toBeGreaterThanOrEqual(1);
    expect(sample("atrium_emails_sent_total")?.value).toBeGreaterThanOrEqual(1);
    for (const family of [
      "atrium_usage_events_ingested_total",
      "atrium_emails_queued_total",
      "atrium_emails_failed_total",
      "atrium_job_runs_total",
      "atrium_job_duration_seconds",
      "atrium_rate_limit_store_events_total",
      "atrium_cache_entries",
      "process_cpu_seconds_total",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(types.has(family.replace(/_total$/, "")) || types.has(family), family).toBe(true);
    }
  });
});
