import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAtriumClient, toClientError } from "@/components/trpc/links";
import { UNREACHABLE } from "@/components/trpc/unreachable";
import { handleTrpcRequest } from "@/server/trpc/handler";

// What a form shows for each way a call can fail, with the browser's tRPC client against the
// real request handler (server/trpc/handler.ts) over HTTP: a procedure's error in its own words,
// the handler's refusals before any procedure runs in theirs, and only a request that got no
// answer as "Could not reach the server".

let server: Server;
let url: string;
let sameOrigin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      // Under /same-origin the request is marked as a browser marks one from the page itself.
      let path = req.url ?? "/";
      if (path.startsWith("/same-origin/")) {
        path = path.slice("/same-origin".length);
        headers.set("sec-fetch-site", "same-origin");
      }
      const body = req.method === "GET" ? undefined : Buffer.concat(chunks);
      void handleTrpcRequest(new Request(`http://${req.headers.host}${path}`, { method: req.method, headers, body }), async () => null).then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  url = `${origin}/api/trpc`;
  sameOrigin = `${origin}/same-origin/api/trpc`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function failure(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    return toClientError(error);
  }
  throw new Error("the call succeeded");
}

describe("toClientError", () => {
  it("shows a procedure's own message", async () => {
    const error = await failure(() => createAtriumClient(url).tenant.mine.query());
    expect(error.message).toMatch(/sign in/i);
    expect(error).not.toEqual(UNREACHABLE);
  });

  it("shows the handler's refusal of a cross-site change, not a connection problem", async () => {
    // Node's fetch sends no Origin or Sec-Fetch-Site: the handler refuses it as cross-site.
    const error = await failure(() => createAtriumClient(url).tenant.create.mutate({ name: "Cross", slug: "cross-site" }));
    expect(error).toEqual({ message: "Cross-site request refused.", fieldErrors: {} });
  });

  it("shows the handler's refusal of a body too large", async () => {
    const error = await failure(() =>
      createAtriumClient(sameOrigin).tenant.create.mutate({ name: "x".repeat(300 * 1024), slug: "too-large" }),
    );
    expect(error).toEqual({ message: "The request body is too large.", fieldErrors: {} });
  });

  it("says the server could not be reached when nothing answers", async () => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure(() => createAtriumClient(`http://127.0.0.1:${port}/api/trpc`).tenant.mine.query());
    expect(error).toEqual(UNREACHABLE);
  });
});
