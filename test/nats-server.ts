import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { answers, freePort } from "./redis-server";

// A private nats-server with JetStream on a port of our own (so a test may crash and restart it),
// keeping its store in a temporary directory that survives the restart, as a real server's would.

export const NATS_SERVER = "/usr/sbin/nats-server";
export const SHARED_NATS = { port: 4222, url: "nats://127.0.0.1:4222" };

export type PrivateNats = { port: number; url: string; start(): Promise<void>; kill(): Promise<void>; remove(): Promise<void> };

export async function privateNats(): Promise<PrivateNats> {
  if (spawnSync(NATS_SERVER, ["--version"]).status !== 0) {
    throw new Error(`${NATS_SERVER} is not installed (Debian: apt-get install -y nats-server); the NATS publisher tests start their own.`);
  }
  const port = await freePort();
  const storeDir = mkdtempSync(path.join(os.tmpdir(), "atrium-nats-"));
  let child: ChildProcess | undefined;
  const kill = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGKILL");
    await exited;
  };
  return {
    port,
    url: `nats://127.0.0.1:${port}`,
    async start() {
      child = spawn(NATS_SERVER, ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", storeDir], { stdio: "ignore" });
      const deadline = Date.now() + 10_000;
      while (!(await answers(port))) {
        if (Date.now() > deadline) throw new Error(`nats-server did not start on port ${port}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    kill,
    async remove() {
      await kill();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

/** The NATS server that runs on this machine and on CI, when it answers. */
export async function sharedNatsAnswers(): Promise<boolean> {
  return answers(SHARED_NATS.port);
}
