// `npm run dev` / `npm start`: embedded PostgreSQL (unless DATABASE_URL is set), roles,
// migrations, demo data on the first run, then Next.js with the runtime role's URL.
//
// `npm start` runs the build `npm run build` made (the standalone server, as the container image
// does) and never builds. It migrates only the embedded database (one instance by construction)
// or, with an external one, when asked (`npm start -- --migrate`); otherwise migrating is the
// release step, `npm run db:migrate`, and the server refuses a schema older than it expects.
import nextEnv from "@next/env";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { migrateDatabase } from "../server/db/provision";
import { assertValidEnvironment } from "../server/env";
import { assertSafeRuntimeRole, provisionDatabase } from "./lib/database";
import { startEmbeddedPostgres, type EmbeddedServer } from "./lib/embedded-postgres";

const mode = process.argv[2] === "start" ? "start" : "dev";
// .env.local and friends, read as Next reads them, for the server only (the standalone server
// runs from another directory and would not find them); variables already set win. The
// launcher's own choices (embedded database or DATABASE_URL, data directory, ports) stay with
// the real environment, as before, so a test run never lands on a database named in .env.local.
const envFiles = nextEnv.loadEnvConfig(process.cwd(), mode === "dev", { info: () => {}, error: console.error }).parsedEnv ?? {};
nextEnv.resetEnv();
const portArg = process.argv.indexOf("--port");
const port = Number(portArg !== -1 ? process.argv[portArg + 1] : (process.env.PORT ?? 3000));
const hostnameArg = process.argv.indexOf("--hostname");
// The standalone server listens on HOSTNAME; shells export HOSTNAME as the machine's name, which
// is not meant as an address, so the launcher always says: all interfaces unless --hostname.
const listenHost = hostnameArg !== -1 ? process.argv[hostnameArg + 1]! : "0.0.0.0";
const migrateOnStart = process.argv.includes("--migrate");
const dataDir = path.resolve(process.env.ATRIUM_DATA_DIR ?? ".data");
const nextBin = path.resolve("node_modules/.bin/next");
const standaloneServer = path.resolve(".next/standalone/server.js");
// The standalone server changes into its own directory: paths given relative to the project
// must reach it absolute.
const PATH_VARIABLES = ["STORAGE_DIR", "DNS_FIXTURE_FILE", "ATRIUM_SQL_LOG"] as const;

function log(message: string) {
  process.stdout.write(`[atrium] ${message}\n`);
}

/**
 * Production needs AUTH_SECRET, shared by every instance. Only a deployment that is one instance
 * by construction may keep a generated one in the data directory: the embedded database, or an
 * explicit ATRIUM_SINGLE_INSTANCE=1. Development uses the built-in local secret (server/env.ts).
 */
function authSecret(embedded: boolean, given: NodeJS.ProcessEnv): string | undefined {
  if (given.AUTH_SECRET) return given.AUTH_SECRET;
  const singleInstance = ["1", "true"].includes(given.ATRIUM_SINGLE_INSTANCE ?? "");
  if (mode === "dev" || !(embedded || singleInstance)) return undefined;
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

function assertBuilt(): void {
  if (existsSync(standaloneServer) && existsSync(path.resolve(".next/standalone/.next/static"))) return;
  process.stderr.write(
    "[atrium] No production build: run `npm run build` first (`npm start` serves the build and never builds).\n" +
      (existsSync(".next/BUILD_ID") ? "[atrium] .next exists but not its standalone server: build with `npm run build`, not `next build` alone.\n" : ""),
  );
  process.exit(1);
}

async function main() {
  let embedded: EmbeddedServer | undefined;
  let appUrl = process.env.DATABASE_URL;
  const next: { child?: ChildProcess } = {};

  // Everything the server will be given is checked before anything starts: one report of every problem.
  const env: NodeJS.ProcessEnv = {
    ...envFiles,
    ...process.env,
    NODE_ENV: mode === "start" ? "production" : "development",
    NEXT_TELEMETRY_DISABLED: "1",
    ATRIUM_DATA_DIR: dataDir,
    PORT: String(port),
  };
  const secret = authSecret(!appUrl, env);
  if (secret) env.AUTH_SECRET = secret;
  for (const name of PATH_VARIABLES) if (env[name]) env[name] = path.resolve(env[name]);
  delete env.DATABASE_OWNER_URL;
  // The embedded server's URL is known only once it runs; any valid URL stands in for the check.
  assertValidEnvironment({ source: { ...env, DATABASE_URL: appUrl ?? "postgres://embedded@127.0.0.1/atrium" } });
  if (mode === "start") assertBuilt();

  // Shutdown order on SIGINT / SIGTERM / SIGHUP: Next first (readiness 503, it stops taking
  // requests, finishes those in flight and flushes buffered writes such as API-call counts, see
  // server/shutdown/), PostgreSQL only after Next has exited — stopping the database first would
  // make that flush fail. A second signal while Next is finishing kills it.
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
    const ownerUrl = process.env.DATABASE_OWNER_URL;
    if (ownerUrl && (mode === "dev" || migrateOnStart)) {
      log("applying migrations with DATABASE_OWNER_URL");
      await migrateDatabase(ownerUrl, { log });
    } else if (migrateOnStart) {
      throw new Error("--migrate needs DATABASE_OWNER_URL (the owner role that runs migrations)");
    }
  } else {
    const pgPort = Number(process.env.ATRIUM_PG_PORT ?? 54329);
    log(`starting embedded PostgreSQL on 127.0.0.1:${pgPort} (data in ${path.relative(process.cwd(), dataDir) || "."}/pg)`);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: pgPort, stopOnSignals: false });
    const urls = await provisionDatabase(embedded.adminUrl, "atrium");
    appUrl = urls.appUrl;
  }
  await assertSafeRuntimeRole(appUrl);
  env.DATABASE_URL = appUrl;

  // Demo data (with published passwords) only where it belongs: the embedded database in
  // development, or when asked for explicitly (ATRIUM_SEED=1, as the browser tests do).
  if ((embedded && mode === "dev") || process.env.ATRIUM_SEED === "1") {
    process.env.DATABASE_URL = appUrl;
    const { seedDemo } = await import("../server/seed/seed-demo");
    const { closeDb } = await import("../server/db/client");
    const { closeJobQueue } = await import("../server/jobs/job-queue");
    const signIns = await seedDemo();
    // Seeding enqueues jobs (welcome emails, events): this process's job queue pool would
    // otherwise stay open, and log an error for each connection when PostgreSQL stops at exit.
    await Promise.all([closeDb(), closeJobQueue()]);
    if (signIns) {
      log("seeded demo data. Demo sign-ins (password for all: " + signIns[0]!.password + "):");
      for (const s of signIns) log(`  ${s.email.padEnd(20)} ${s.role.padEnd(8)} ${s.workspace}`);
    }
  }

  const root = env.ROOT_DOMAIN ?? `localhost:${port}`;
  env.ROOT_DOMAIN = root;
  log(`portal: http://${root}   (workspaces: http://acme.${root}, http://globex.${root})`);

  const child =
    mode === "start"
      ? spawn(process.execPath, [standaloneServer], { stdio: "inherit", env: { ...env, HOSTNAME: listenHost } })
      : spawn(nextBin, ["dev", "-p", String(port), ...(hostnameArg !== -1 ? ["-H", listenHost] : [])], { stdio: "inherit", env });
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
