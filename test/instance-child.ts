// Child process of test/shared-state.test.ts: another app instance, set up by the app's own
// instrumentation hook (which starts the cache broadcast when REDIS_URL is set), serving the real
// entitlements route, the host -> workspace lookup that proxy.ts uses and the per-request session check.
import http from "node:http";
import type { AddressInfo } from "node:net";

type Route = (req: Request, route: { params: Promise<object> }) => Promise<Response>;
const { GET: entitlements } = (await import("../app/api/v1/entitlements/route")) as unknown as { GET: Route };
const { resolveTenantBySlug } = await import("../server/tenants/tenant-cache");
const { isSessionActive } = await import("../server/sessions/session-state");

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost:3000");
  const answer = async (): Promise<Response> => {
    const q = (name: string) => url.searchParams.get(name) ?? "";
    if (url.pathname === "/resolve") return Response.json({ tenant: await resolveTenantBySlug(q("slug")) });
    if (url.pathname === "/session") return Response.json({ active: await isSessionActive({ userId: q("user"), sessionId: q("sid"), version: Number(q("v")) }) });
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    return entitlements(new Request(`http://localhost:3000${req.url}`, { headers }), { params: Promise.resolve({}) });
  };
  void answer().then(async (response) => {
    res.writeHead(response.status, { "content-type": "application/json" });
    res.end(await response.text());
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

const { registerNode } = await import("../instrumentation-node");
await registerNode();
process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
