import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";
import { freePort } from "../scripts/lib/free-port";

export { freePort };

// Test helpers around real Redis: a private `redis-server` on a port of our own (so a test may
// stop and restart it), and a TCP relay that can cut one client off while others stay connected.

export function answers(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

export type PrivateRedis = { port: number; url: string; start(): Promise<void>; kill(): Promise<void> };

/** A redis-server on `port` that keeps nothing on disk; `kill` is a crash (SIGKILL), `start` brings it back. */
export function privateRedis(port: number): PrivateRedis {
  if (spawnSync("redis-server", ["--version"]).status !== 0) {
    throw new Error("redis-server is not installed (Debian: apt-get install -y redis-server); the cache broadcast tests start their own.");
  }
  let child: ChildProcess | undefined;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
      const deadline = Date.now() + 5_000;
      while (!(await answers(port))) {
        if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async kill() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.kill("SIGKILL");
      await exited;
    },
  };
}

export type Relay = {
  port: number;
  url: string;
  /** Drops every connection (the clients see them close) and stops listening. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  /** Stops relaying without closing anything, as a network that silently loses packets does. */
  freeze(): void;
  /** Ends the frozen connections (the clients reconnect) and relays again. */
  thaw(): void;
  close(): Promise<void>;
};

/** Listens on a port of its own and relays to `targetPort`. */
export async function tcpRelay(targetPort: number): Promise<Relay> {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  const pairs = new Set<[net.Socket, net.Socket]>();
  let frozen = false;
  let server: net.Server | undefined;
  const listen = async () => {
    server = net.createServer((client) => {
      const upstream = net.connect({ host: "127.0.0.1", port: targetPort });
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        socket.on("error", () => undefined);
      }
      const pair: [net.Socket, net.Socket] = [client, upstream];
      pairs.add(pair);
      if (frozen) client.pause();
      else client.pipe(upstream).pipe(client);
      client.on("close", () => (pairs.delete(pair), upstream.destroy()));
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
  };
  const cut = async () => {
    const closing = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (closing) await new Promise((resolve) => closing.close(resolve));
  };
  const freeze = () => {
    frozen = true;
    for (const [client, upstream] of pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  };
  const thaw = () => {
    frozen = false;
    for (const socket of sockets) socket.destroy();
  };
  await listen();
  return { port, url: `redis://127.0.0.1:${port}`, cut, restore: listen, freeze, thaw, close: cut };
}
