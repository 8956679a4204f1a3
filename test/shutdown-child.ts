// Child process of test/shutdown.test.ts: the real entitlements route (which counts API calls) and
// the real readiness route behind a real HTTP server, set up by the app's own instrumentation hook,
// stopped by a real signal. `/slow?ms=N` stands for a request that takes a while.
import http from "node:http";
import type { AddressInfo } from "node:net";

type Route = (req: Request, route: { params: Promise<object> }) => Promise<Response>;
const { GET: entitlements } = (await import("../app/api/v1/entitlements/route")) as unknown as { GET: Route };
const { GET: ready } = (await import("../app/api/health/ready/route")) as unknown as { GET: () => Promise<Response> };

const server = http.createServer((req, res) => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const url = new URL(`http://localhost:3000${req.url}`);
  const answer =
    url.pathname === "/api/health/ready"
      ? ready()
      : url.pathname === "/slow"
        ? new Promise<Response>((resolve) => setTimeout(() => resolve(new Response("slow done")), Number(url.searchParams.get("ms"))))
        : entitlements(new Request(url, { headers }), { params: Promise.resolve({}) });
  void answer.then(async (response) => {
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(await response.text());
  });
});
// Longer than any test waits: a keep-alive connection must not hold the drain open.
server.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

if (!process.env.NEXT_MANUAL_SIG_HANDLE) {
  // What `next start` does (next/dist/server/lib/start-server.js, Next 16.4), registered before
  // instrumentation runs: stop accepting connections, let requests in flight finish, exit 143.
  const cleanup = (signal: NodeJS.Signals) => server.close(() => process.exit(signal === "SIGINT" ? 130 : 143));
  process.on("SIGTERM", cleanup);
  process.on("SIGINT", cleanup);
}

const { registerNode } = await import("../instrumentation-node");
await registerNode();
process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
