// Through PgBouncer in transaction mode, the app's pool must answer every statement of a burst.
// postgres.js pipelines a statement behind one still running; an unprepared statement with
// parameters (how the app talks through PgBouncer) sent that way never got its answer from
// PgBouncer 1.18, and waited for ever: the cluster test's job that stayed "active" for minutes.
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import postgres from "postgres";
import { poolOptions } from "../../server/db/client";
import { freePort } from "../../scripts/lib/free-port";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../scripts/lib/embedded-postgres";
import { startPgBouncer, type Service } from "./services";

const dataDir = path.join(os.tmpdir(), `atrium-pipelining-${process.pid}`);
let server: EmbeddedServer;
let bouncer: Service & { url: string };

beforeAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  server = await startEmbeddedPostgres({ dataDir, port: await freePort(), durable: false, stopOnSignals: false });
  bouncer = await startPgBouncer({ upstream: server.adminUrl, poolSize: 4 });
});

afterAll(async () => {
  await bouncer?.stop();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it("a burst of statements with and without parameters all settle through PgBouncer with the app's pool options", async () => {
  const sql = postgres(bouncer.url, { ...poolOptions(true), max: 2 });
  try {
    let settled = 0;
    const failures: string[] = [];
    const statements = Array.from({ length: 400 }, (_, i) =>
      Promise.resolve(i % 2 ? sql`select 1 as one` : sql`select ${i}::int as n`).then(
        () => settled++,
        (error: unknown) => failures.push(String(error)),
      ),
    );
    await Promise.race([Promise.all(statements), new Promise((resolve) => setTimeout(resolve, 15_000))]);
    expect(failures).toEqual([]);
    expect(settled, "statements answered within 15 s").toBe(400);
  } finally {
    await sql.end({ timeout: 1 });
  }
});
