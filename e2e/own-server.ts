import { expect, type Page } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { freePort } from "../scripts/lib/free-port";
import path from "node:path";
import { openAcmeDashboard } from "./helpers";


export type OwnServer = {
  port: number;
  pgPort: number;
  /** The embedded PostgreSQL's data directory. */
  pgDataDir: string;
  /** Superuser URL of the app's database. */
  adminUrl: string;
  launcher: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
  /** SIGTERM (if still running), wait for the launcher, remove the data. */
  dispose: () => Promise<void>;
};

/**
 * `npm start` (launcher, embedded PostgreSQL, the production build) on free ports with its own
 * data, for specs that stop the server or its database; the shared E2E server stays untouched.
 */
export async function startOwnServer(env: Record<string, string> = {}): Promise<OwnServer> {
  const port = await freePort();
  const pgPort = await freePort();
  const dataDir = path.resolve(`.data/e2e-own-${process.pid}-${port}`);
  rmSync(dataDir, { recursive: true, force: true });
  const launcher = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/launch.ts", "start", "--port", String(port)], {
    env: {
      ...process.env,
      ATRIUM_SEED: "1",
      ATRIUM_DATA_DIR: dataDir,
      ATRIUM_PG_PORT: String(pgPort),
      ROOT_DOMAIN: `localhost:${port}`,
      JOBS_IN_PROCESS: "false",
      LOG_LEVEL: "info",
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  launcher.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  launcher.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => launcher.once("exit", (code) => resolve(code)));
  const dispose = async () => {
    // The launcher stops its PostgreSQL on SIGTERM; killing it would leave the server running.
    if (launcher.exitCode === null && launcher.signalCode === null) {
      launcher.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null))?.status, { timeout: 120_000 }).toBe(200);
  } catch (error) {
    await dispose();
    throw new Error(`own server did not start: ${String(error)}\n${output}`);
  }
  return {
    port,
    pgPort,
    pgDataDir: path.join(dataDir, "pg"),
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${pgPort}/atrium`,
    launcher,
    exited,
    output: () => output,
    dispose,
  };
}

/** Signs the seeded owner in on an own server and opens Acme's dashboard (helpers.ts). */
export const openSeededDashboard = (page: Page, port: number): Promise<string> => openAcmeDashboard(page, `localhost:${port}`);
