// Run by `postinstall` (and safe to run again): a three-line fix to postgres.js 3.4.9, the newest
// release. Upstream: porsager/postgres issues #1066, #1154, #1208 (open, unreleased fixes).
//
// The defect, reproduced here by restarting PostgreSQL under a load of transactions: when a
// connection closes in the middle of `sql.begin`, postgres.js rejects the statement, then its
// own transaction code sends ROLLBACK on the same connection, whose socket is now null.
// `execute` buffers the bytes and schedules `setImmediate(nextWrite)`, which throws
// `Cannot read properties of null (reading 'write')` outside any promise (an uncaughtException;
// `next start` logs it and carries on). Worse, the throw leaves the write buffer and its timer
// set, so when the pool reuses that connection, its startup message is appended to the stale
// ROLLBACK and never flushed: the request waits for the connect timeout (30 s by default) —
// the 31-second request seen in production after a restart.
//
// The patch, in each build of connection.js (ESM, CommonJS, Cloudflare):
// 1. `execute` on a connection without a socket rejects the query with CONNECTION_CLOSED
//    instead of buffering it (nothing legitimate executes before the socket exists: a waiting
//    query is kept as `initial` and executed on ReadyForQuery). Checking for a pending
//    reconnect is not enough: the stale ROLLBACK would then reject the query that reconnects;
// 2. `closed` forgets any buffered write along with its timer, and (once the statement in flight
//    has been rejected) that statement and any ErrorResponse it received, so a reconnect starts
//    clean — otherwise the first query on the new connection fails with the old connection's
//    error (57P01 after a fast shutdown);
// 3. `nextWrite` with no socket settles the pending queries instead of throwing.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const MARKER = "/* atrium-patch: null-socket */";

const EDITS: { anchor: string; insert: string }[] = [
  {
    anchor: "    if (stream)\n      return queryError(q, Errors.generic('COPY_IN_PROGRESS', 'You cannot execute queries during copy'))\n",
    insert: `    if (!socket) ${MARKER}\n      return queryError(q, Errors.connection('CONNECTION_CLOSED', options))\n\n`,
  },
  {
    anchor: "    clearImmediate(nextWriteTimer)\n    socket.removeListener('data', data)\n",
    insert: `    chunk = nextWriteTimer = null ${MARKER}\n`,
  },
  {
    anchor: "    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n",
    insert: `    query = errorResponse = null ${MARKER}\n`,
  },
  {
    anchor: "  function nextWrite(fn) {\n",
    insert: `    if (!socket) { ${MARKER}\n      chunk = nextWriteTimer = null\n      error(Errors.connection('CONNECTION_CLOSED', options))\n      return false\n    }\n`,
  },
];

const FILES = ["src/connection.js", "cjs/src/connection.js", "cf/src/connection.js"];

export function postgresPackageDir(root = process.cwd()): string {
  return path.join(root, "node_modules", "postgres");
}

/** True when every build of connection.js carries the fix. */
export function isPostgresPatched(root = process.cwd()): boolean {
  const dir = postgresPackageDir(root);
  return FILES.every((file) => {
    const full = path.join(dir, file);
    return !existsSync(full) || readFileSync(full, "utf8").split(MARKER).length - 1 === EDITS.length;
  });
}

export function patchPostgres(root = process.cwd()): string[] {
  const dir = postgresPackageDir(root);
  const version = (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
  const patched: string[] = [];
  for (const file of FILES) {
    const full = path.join(dir, file);
    if (!existsSync(full)) continue;
    let source = readFileSync(full, "utf8");
    if (source.includes(MARKER)) continue;
    for (const { anchor, insert } of EDITS) {
      const at = source.indexOf(anchor);
      if (at === -1 || source.indexOf(anchor, at + 1) !== -1) {
        throw new Error(
          `postgres ${version}: ${file} no longer matches the patch in scripts/lib/patch-postgres.ts. ` +
            `If this release fixes the null-socket write (upstream #1208), remove the patch; otherwise update its anchors.`,
        );
      }
      // Each insertion goes right after its anchor (every anchor ends a line).
      source = source.slice(0, at + anchor.length) + insert + source.slice(at + anchor.length);
    }
    writeFileSync(full, source);
    patched.push(file);
  }
  return patched;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const patched = patchPostgres();
  if (patched.length) process.stdout.write(`[atrium] patched postgres.js (null-socket write): ${patched.join(", ")}\n`);
}
