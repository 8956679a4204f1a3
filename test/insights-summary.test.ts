import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";

// Issue 16, the optional written summary: with an OpenAI-compatible endpoint configured, a finished
// analysis asks it for a paragraph from the facts alone and keeps the answer only when every number
// in it is among the facts. A stand-in endpoint (node:http) answers faithfully, invents a number,
// fails with 500, or never answers: the report is done in every case, with or without a summary.

type Mode = "faithful" | "invented" | "error" | "hang" | "garbage";
let mode: Mode = "faithful";
/** Run while the stand-in answers: what the report looks like to the page meanwhile. */
let whileAnswering: (() => Promise<void>) | null = null;
const received: { url: string; authorization: string | undefined; body: { model: string; messages: { role: string; content: string }[] } }[] = [];

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const answer = (content: string) => JSON.stringify({ id: "chatcmpl-1", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }] });

const server = createServer((req, res) => {
  void readBody(req).then(async (raw) => {
    const body = JSON.parse(raw) as (typeof received)[number]["body"];
    received.push({ url: req.url ?? "", authorization: req.headers.authorization, body });
    const facts = body.messages.find((m) => m.role === "user")!.content;
    // The right-sizing fact, as the model would repeat it.
    const saving = /\d+\. (At most .*)$/m.exec(facts)?.[1] ?? "";
    if (mode === "hang") return; // never answers
    if (whileAnswering) await whileAnswering();
    if (mode === "error") return res.writeHead(500, { "content-type": "application/json" }).end('{"error":"overloaded"}');
    if (mode === "garbage") return res.writeHead(200, { "content-type": "application/json" }).end('{"object":"nonsense"}');
    const content = mode === "faithful" ? `The workspace barely uses its plan. ${saving}` : "Moving to Starter saves $90 a month.";
    res.writeHead(200, { "content-type": "application/json" }).end(answer(content));
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
process.env.INSIGHTS_LLM_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
process.env.INSIGHTS_LLM_API_KEY = "test-key";
process.env.INSIGHTS_LLM_MODEL = "stand-in";
process.env.INSIGHTS_LLM_TIMEOUT_MS = "800";
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const { insightReports } = await import("../server/db/schema");
const { withTenant } = await import("../server/db/with-tenant");
const { analyseWorkspaceNow } = await import("../server/insights/insight-reports");
const { seedProWorkspace } = await import("./insight-seed");

async function reportOf(tenantId: string, reportId: string) {
  const [row] = await withTenant(tenantId, (tx) => tx.select().from(insightReports).where(and(eq(insightReports.tenantId, tenantId), eq(insightReports.id, reportId))));
  return row!;
}

beforeEach(() => {
  received.length = 0;
});

describe("the written summary", () => {
  it("stores a summary that cites only the facts, having sent the facts and nothing personal", async () => {
    mode = "faithful";
    const { tenant, owner } = await seedProWorkspace(100);
    // The page stops polling once the report is done, so it must not be done before its summary.
    const seenMeanwhile: { status: string; stage: string | null }[] = [];
    whileAnswering = async () => {
      const rows = await withTenant(tenant.id, (tx) => tx.select({ status: insightReports.status, stage: insightReports.stage }).from(insightReports).where(eq(insightReports.tenantId, tenant.id)));
      seenMeanwhile.push(...rows);
    };
    const reportId = await analyseWorkspaceNow({ tenantId: tenant.id, summary: true }).finally(() => (whileAnswering = null));
    expect(seenMeanwhile).toEqual([{ status: "running", stage: "Writing the summary" }]);
    const report = await reportOf(tenant.id, reportId!);
    expect(report.status).toBe("done");
    expect(report.summary).toBe("The workspace barely uses its plan. At most 4 % of Pro used in the last three periods — Starter saves $70 a month.");
    expect(received).toHaveLength(1);
    const [call] = received;
    expect(call!.url).toBe("/v1/chat/completions");
    expect(call!.authorization).toBe("Bearer test-key");
    expect(call!.body.model).toBe("stand-in");
    const facts = call!.body.messages.find((m) => m.role === "user")!.content;
    expect(facts).toContain("1. The workspace is on the Pro plan");
    expect(facts).not.toContain(owner.email);
    expect(facts).not.toContain(tenant.slug);
  });

  it("discards a summary citing a number that is not among the facts", async () => {
    mode = "invented";
    const { tenant } = await seedProWorkspace(100);
    const reportId = await analyseWorkspaceNow({ tenantId: tenant.id, summary: true });
    const report = await reportOf(tenant.id, reportId!);
    expect(received).toHaveLength(1);
    expect(report).toMatchObject({ status: "done", summary: null });
    expect(report.facts).toBeTruthy();
  });

  it.each(["error", "hang", "garbage"] as const)("a model that answers %s leaves the report done without a summary", async (failure) => {
    mode = failure;
    const { tenant } = await seedProWorkspace(100);
    const started = Date.now();
    const reportId = await analyseWorkspaceNow({ tenantId: tenant.id, summary: true });
    expect(reportId).not.toBeNull();
    const report = await reportOf(tenant.id, reportId!);
    expect(report).toMatchObject({ status: "done", progress: 100, summary: null, error: null });
    expect(received).toHaveLength(1);
    // The hang is cut off at INSIGHTS_LLM_TIMEOUT_MS (800 ms), not left to hold the job.
    if (failure === "hang") expect(Date.now() - started).toBeLessThan(10_000);
  });
});
