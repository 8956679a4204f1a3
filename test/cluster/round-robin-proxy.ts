// A small load balancer for the cluster test, behaving like the reverse proxy in compose.yaml:
// round robin over the instances whose readiness answers 200 (checked every 200 ms), the Host
// header passed through, the client's address appended to X-Forwarded-For, and a request that
// could not reach an instance (refused or reset before any answer) tried on the next one.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Backend = { port: number; healthy: boolean };

export type RoundRobinProxy = {
  port: number;
  backends: Backend[];
  /** Requests answered by each backend port (how the test sees that both were used). */
  served: Map<number, number>;
  close: () => Promise<void>;
};

// A refused connection never reached the instance; a reset may have, so only reads retry on it.
const retryable = (method: string | undefined, code: string | undefined) =>
  code === "ECONNREFUSED" || ((method === "GET" || method === "HEAD") && (code === "ECONNRESET" || code === "EPIPE"));

export async function startRoundRobinProxy(ports: number[], readinessPath = "/api/health/ready"): Promise<RoundRobinProxy> {
  const backends: Backend[] = ports.map((port) => ({ port, healthy: false }));
  const served = new Map<number, number>();
  let next = 0;

  const check = async (backend: Backend) => {
    backend.healthy = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: "127.0.0.1", port: backend.port, path: readinessPath, timeout: 1_000, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on("timeout", () => req.destroy());
      req.on("error", () => resolve(false));
    });
  };
  await Promise.all(backends.map(check));
  const timer = setInterval(() => void Promise.all(backends.map(check)), 200);

  const pick = (tried: Set<number>): Backend | undefined => {
    for (let i = 0; i < backends.length; i++) {
      const backend = backends[(next + i) % backends.length]!;
      if (backend.healthy && !tried.has(backend.port)) {
        next = (next + i + 1) % backends.length;
        return backend;
      }
    }
    return backends.find((b) => !tried.has(b.port));
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const tried = new Set<number>();
      const forwardedFor = [req.headers["x-forwarded-for"], req.socket.remoteAddress].filter(Boolean).join(", ");
      const attempt = () => {
        const backend = pick(tried);
        if (!backend) {
          res.writeHead(502, { "content-type": "text/plain" }).end("no instance could take the request\n");
          return;
        }
        tried.add(backend.port);
        const upstream = http.request(
          {
            host: "127.0.0.1",
            port: backend.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, "x-forwarded-for": forwardedFor, "x-forwarded-proto": "http" },
            agent: false,
          },
          (answer) => {
            served.set(backend.port, (served.get(backend.port) ?? 0) + 1);
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on("error", (error: NodeJS.ErrnoException) => {
          if (!res.headersSent && retryable(req.method, error.code)) return attempt();
          if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" }).end(`upstream failed: ${error.code}\n`);
          else res.destroy(error);
        });
        upstream.end(body);
      };
      attempt();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    backends,
    served,
    close: async () => {
      clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
