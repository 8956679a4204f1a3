// Through PgBouncer in transaction mode, the app's pool must answer every statement of a burst.
// postgres.js pipelines a statement behind one still running; an unprepared statement with
// parameters (how the app talks through PgBouncer) sent that way never got its answer from
// PgBouncer 1.18, and waited for ever: the cluster test's job that stayed "active" for minutes.
// Without openPool's rule, fewer than 100 of these 400 statements settle here.
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openPool, poolOptions } from "../../server/db/client";
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

it("a burst of statements with and without parameters, and transactions, all settle through PgBouncer with the app's pool", async () => {
  const sql = openPool(bouncer.url, { ...poolOptions(true), max: 2 });
  try {
    let settled = 0;
    const failures: string[] = [];
    // As drizzle sends them: `unsafe` with the parameters apart.
    const statement = (i: number) =>
      i % 5 === 0
        ? sql.begin((tx) => tx.unsafe("select $1::int as n", [i]))
        : i % 2
          ? sql.unsafe("select 1 as one")
          : sql.unsafe("select $1::int as n", [i]);
    const statements = Array.from({ length: 400 }, (_, i) =>
      Promise.resolve(statement(i)).then(
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
