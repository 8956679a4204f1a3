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
//    reconnect is not enough: the stale ROLLBACK would then reject the query that reconnects.
//    It answers true ("not full"): the callers move a connection whose execute answers false to
//    the `full` queue, which only a ReadyForQuery or a close leaves, and a closed connection gets
//    neither, so it was lost to the pool for good (a pool of one then hung on its next statement);
// 2. `closed` forgets any buffered write along with its timer, and (once the statement in flight
//    has been rejected) that statement and any ErrorResponse it received, so a reconnect starts
//    clean — otherwise the first query on the new connection fails with the old connection's
//    error (57P01 after a fast shutdown);
// 3. `nextWrite` with no socket settles the pending queries instead of throwing.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const MARKER = "/* atrium-patch: null-socket */";

type Edit = { anchor: string; insert: string };

const EDITS: Edit[] = [
  {
    anchor: "    if (stream)\n      return queryError(q, Errors.generic('COPY_IN_PROGRESS', 'You cannot execute queries during copy'))\n",
    insert: `    if (!socket) ${MARKER}\n      return queryError(q, Errors.connection('CONNECTION_CLOSED', options)), true\n\n`,
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

// In each build of index.js: a transaction's statements run only while the transaction still holds
// its connection. postgres.js ends `sql.begin` as soon as the connection closes, but the callback
// goes on; its next statement used to reach the same connection object after another statement had
// reconnected it, ran outside any transaction, and took that other statement's answer
// (test/db-unavailable.test.ts). A statement sent after COMMIT reached a connection already back in
// the pool the same way. Now it is refused, like any statement on a connection that has ended.
const TRANSACTION_EDITS: Edit[] = [
  {
    anchor: "    let savepoints = 0\n      , connection\n      , prepare = null\n",
    insert: `    let holder = null ${MARKER}\n`,
  },
  {
    anchor: "        q.catch(e => uncaughtError || (uncaughtError = e))\n",
    insert: `        if (c.reserved !== holder) ${MARKER}\n          return q.reject(Errors.generic('CONNECTION_ENDED', 'the transaction is over: its connection closed, or it committed or rolled back'))\n`,
  },
  {
    anchor: "      c.reserved = () => queries.length\n        ? c.execute(queries.shift())\n        : move(c, reserved)\n",
    insert: `      holder = c.reserved ${MARKER}\n`,
  },
];

const TRANSACTION_FILES = ["src/index.js", "cjs/src/index.js", "cf/src/index.js"];

const PATCHES: { files: string[]; edits: Edit[] }[] = [
  { files: FILES, edits: EDITS },
  { files: TRANSACTION_FILES, edits: TRANSACTION_EDITS },
];

/** Edit 1 as the first version of this patch wrote it. */
const EDIT_1_BEFORE = `    if (!socket) ${MARKER}\n      return queryError(q, Errors.connection('CONNECTION_CLOSED', options))\n\n`;

export function postgresPackageDir(root = process.cwd()): string {
  return path.join(root, "node_modules", "postgres");
}

/** True when every build of connection.js and index.js carries the fix. */
export function isPostgresPatched(root = process.cwd()): boolean {
  const dir = postgresPackageDir(root);
  return PATCHES.every(({ files, edits }) =>
    files.every((file) => {
      const full = path.join(dir, file);
      if (!existsSync(full)) return true;
      const source = readFileSync(full, "utf8");
      return source.split(MARKER).length - 1 === edits.length && !source.includes(EDIT_1_BEFORE);
    }),
  );
}

export function patchPostgres(root = process.cwd()): string[] {
  const dir = postgresPackageDir(root);
  const version = (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
  const patched: string[] = [];
  for (const { files, edits } of PATCHES) {
    for (const file of files) {
      const full = path.join(dir, file);
      if (!existsSync(full)) continue;
      let source = readFileSync(full, "utf8");
      // An install patched before edit 1 answered true: bring it up to date in place.
      if (source.includes(EDIT_1_BEFORE)) {
        source = source.replace(EDIT_1_BEFORE, EDITS[0]!.insert);
        writeFileSync(full, source);
        patched.push(file);
      }
      if (source.includes(MARKER)) continue;
      for (const { anchor, insert } of edits) {
        const at = source.indexOf(anchor);
        if (at === -1 || source.indexOf(anchor, at + 1) !== -1) {
          throw new Error(
            `postgres ${version}: ${file} no longer matches the patch in scripts/lib/patch-postgres.ts. ` +
              `If this release fixes the null-socket write (upstream #1208) and statements after a transaction ended, remove the patch; otherwise update its anchors.`,
          );
        }
        // Each insertion goes right after its anchor (every anchor ends a line).
        source = source.slice(0, at + anchor.length) + insert + source.slice(at + anchor.length);
      }
      writeFileSync(full, source);
      patched.push(file);
    }
  }
  return patched;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const patched = patchPostgres();
  if (patched.length) process.stdout.write(`[atrium] patched postgres.js (null-socket write): ${patched.join(", ")}\n`);
}
