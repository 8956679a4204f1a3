// `npm run dev` / `npm start`: embedded PostgreSQL (unless DATABASE_URL is set), roles,
// migrations, demo data on the first run, then Next.js with the runtime role's URL.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { migrateDatabase } from "../server/db/provision";
import { assertSafeRuntimeRole, provisionDatabase } from "./lib/database";
import { startEmbeddedPostgres, type EmbeddedServer } from "./lib/embedded-postgres";

const mode = process.argv[2] === "start" ? "start" : "dev";
const portArg = process.argv.indexOf("--port");
const port = Number(portArg !== -1 ? process.argv[portArg + 1] : (process.env.PORT ?? 3000));
const dataDir = path.resolve(process.env.ATRIUM_DATA_DIR ?? ".data");
const nextBin = path.resolve("node_modules/.bin/next");

function log(message: string) {
  process.stdout.write(`[atrium] ${message}\n`);
}

function authSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  if (mode === "dev") return "";
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

async function main() {
  let embedded: EmbeddedServer | undefined;
  let appUrl = process.env.DATABASE_URL;
  const next: { child?: ChildProcess } = {};

  // Shutdown order on SIGINT / SIGTERM / SIGHUP: Next first (it stops taking requests, finishes
  // those in flight and flushes buffered writes such as API-call counts, see
  // instrumentation-node.ts), PostgreSQL only after Next has exited — stopping the database
  // first would make that flush fail. A second signal while Next is finishing kills it.
  let signalled = 0;
  const stopDatabaseAndExit = async (code: number): Promise<never> => {
    await embedded?.stop().catch(() => {});
    process.exit(code);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    signalled++;
    const { child } = next;
    if (!child) return void stopDatabaseAndExit(128 + os.constants.signals[signal]);
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (signalled === 1) {
      log(`${signal}: stopping Next.js, then PostgreSQL`);
      child.kill(signal === "SIGHUP" ? "SIGTERM" : signal);
    } else {
      log("second signal: killing Next.js");
      child.kill("SIGKILL");
    }
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => onSignal(signal));

  if (appUrl) {
    if (process.env.DATABASE_OWNER_URL) {
      log("applying migrations with DATABASE_OWNER_URL");
      await migrateDatabase(process.env.DATABASE_OWNER_URL);
    }
  } else {
    const pgPort = Number(process.env.ATRIUM_PG_PORT ?? 54329);
    log(`starting embedded PostgreSQL on 127.0.0.1:${pgPort} (data in ${path.relative(process.cwd(), dataDir) || "."}/pg)`);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: pgPort, stopOnSignals: false });
    const urls = await provisionDatabase(embedded.adminUrl, "atrium");
    appUrl = urls.appUrl;
  }
  await assertSafeRuntimeRole(appUrl);

  // Demo data (with published passwords) only where it belongs: the embedded database in
  // development, or when asked for explicitly (ATRIUM_SEED=1, as the browser tests do).
  if ((embedded && mode === "dev") || process.env.ATRIUM_SEED === "1") {
    process.env.DATABASE_URL = appUrl;
    const { seedDemo } = await import("../server/seed/seed-demo");
    const { closeDb } = await import("../server/db/client");
    const signIns = await seedDemo();
    await closeDb();
    if (signIns) {
      log("seeded demo data. Demo sign-ins (password for all: " + signIns[0]!.password + "):");
      for (const s of signIns) log(`  ${s.email.padEnd(20)} ${s.role.padEnd(8)} ${s.workspace}`);
    }
  }

  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: appUrl, NEXT_TELEMETRY_DISABLED: "1" };
  delete env.DATABASE_OWNER_URL;
  const secret = authSecret();
  if (secret) env.AUTH_SECRET = secret;

  if (mode === "start" && !existsSync(".next/BUILD_ID")) {
    log("no production build yet: running `next build` first");
    const build = spawnSync(nextBin, ["build"], { stdio: "inherit", env });
    if (build.status !== 0) throw new Error("next build failed");
  }

  const root = process.env.ROOT_DOMAIN ?? `localhost:${port}`;
  log(`portal: http://${root}   (workspaces: http://acme.${root}, http://globex.${root})`);

  const child = spawn(nextBin, [mode, "-p", String(port)], { stdio: "inherit", env: { ...env, ROOT_DOMAIN: root } });
  next.child = child;
  const code = await new Promise<number>((resolve) =>
    child.once("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 128 + os.constants.signals[signal] : 1))),
  );
  // A signal-initiated stop that Next completed normally (exit 130 / 143) is a clean exit.
  await stopDatabaseAndExit(signalled && [0, 130, 143].includes(code) ? 0 : code);
}

main().catch((error: unknown) => {
  process.stderr.write(`[atrium] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
