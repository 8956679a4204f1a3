import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";

// GET /api/cron/jobs, the way Vercel Cron (or any scheduler) calls it: over HTTP, with a bearer token.

const SECRET = "cron-secret-for-the-tests-0123456789";
process.env.CRON_SECRET = SECRET;
process.env.JOBS_CRON_BUDGET_MS = "8000";

type Route = (req: Request) => Promise<Response>;
const { GET } = (await import("../app/api/cron/jobs/route")) as unknown as { GET: Route };

const server = http.createServer((req, res) => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  void GET(new Request(`http://localhost${req.url}`, { headers })).then(async (response) => {
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(await response.text());
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/cron/jobs`;

describe("the cron route", () => {
  it("refuses a missing or wrong bearer token with 401", async () => {
    for (const authorization of [undefined, "Bearer wrong", `Bearer ${SECRET}x`, SECRET, `bearer ${SECRET}`]) {
      const res = await fetch(url, { headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe("Bearer");
      expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
  });

  it("enqueues due schedules, works the queued jobs within its budget and says what it did", async () => {
    const res = await fetch(url, { headers: { authorization: `Bearer ${SECRET}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const first = (await res.json()) as { scheduled: string[]; completed: Record<string, number>; failed: Record<string, number>; handedBack: number; tookMs: number };
    // A fresh database: every schedule's latest occurrence is due (each came within the last day).
    expect(first.scheduled).toEqual(expect.arrayContaining(["lifecycle-sweep", "email-send", "prune-sessions", "prune-billing-events", "tenant-purge"]));
    expect(first.failed).toEqual({});
    expect(first.handedBack).toBe(0);
    for (const queue of first.scheduled) expect(first.completed[queue], queue).toBeGreaterThanOrEqual(1);
    expect(first.tookMs).toBeLessThan(8_000);

    // Called again (or by an overlapping call): the daily occurrences are not enqueued twice.
    const second = (await (await fetch(url, { headers: { authorization: `Bearer ${SECRET}` } })).json()) as { scheduled: string[] };
    expect(second.scheduled).not.toContain("prune-sessions");
    expect(second.scheduled).not.toContain("prune-billing-events");
  });
});
