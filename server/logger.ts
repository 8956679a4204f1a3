import pino from "pino";
import { env } from "./env";
import { prettyLine } from "./observability/pretty-log";
import { currentRequestContext } from "./observability/request-context";

type Level = "debug" | "info" | "warn" | "error";

// What never reaches a log line, whoever passes it:
// - fields whose name says they hold a secret, at any depth (headers, options, nested causes);
const SECRET_KEY = /password|passwd|passphrase|^pass$|secret|token|authorization|cookie|api[-_]?key|key[-_]?hash|^hash$|signature|credential|private[-_]?key|^otp$|code[-_]?verifier/i;
// - secrets recognisable by their shape, inside any string (messages included).
const SECRET_PATTERNS: [RegExp, string][] = [
  [/\batr_live_[A-Za-z0-9_-]+/g, "atr_live_[redacted]"],
  [/\b(sk|rk|pk)_(live|test)_[A-Za-z0-9]+/g, "$1_$2_[redacted]"],
  [/\bwhsec_[A-Za-z0-9+/=]+/g, "whsec_[redacted]"],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, "$1 [redacted]"],
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, "$1[redacted]@"],
];
const REDACTED = "[redacted]";
const MAX_DEPTH = 6;
const MAX_STRING = 2_000;

// Whatever any of SECRET_PATTERNS matches contains one of these: most strings (ids, routes,
// messages) pass one test instead of five replacements, which matters on every access line.
const MIGHT_HOLD_SECRET = /_(live|test)_|whsec_|\b(bearer|basic)\s|:\/\//i;

export function scrubString(value: string): string {
  let out = value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (!MIGHT_HOLD_SECRET.test(out)) return out;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

// PostgreSQL's error fields worth keeping (postgres.js copies them onto its PostgresError). Left
// out on purpose: `detail` and `where` (they quote row values: "Key (email)=(…) already
// exists"), `internal_query`, and what the driver attaches to every failed statement — `query`,
// `parameters`, `args`, `types`.
const POSTGRES_FIELDS = {
  code: "code",
  severity: "severity",
  constraint_name: "constraint",
  table_name: "table",
  column_name: "column",
  schema_name: "schema",
  data_type_name: "dataType",
} as const;
// A connection-level failure from postgres.js or Node (ECONNREFUSED, CONNECTION_CLOSED...).
const ERROR_FIELDS = ["code", "reason", "errno", "syscall", "address", "port", "statusCode", "type", "digest"] as const;

function isPostgresError(error: Error): boolean {
  return error.name === "PostgresError" || (typeof (error as { severity?: unknown }).severity === "string" && "routine" in error);
}

// drizzle wraps every failed statement in a DrizzleQueryError whose message is the statement
// followed by its parameters; only its cause (the driver's error) is worth logging.
function isDrizzleQueryError(error: Error): boolean {
  return error.constructor?.name === "DrizzleQueryError" || (error.message.startsWith("Failed query:") && "params" in error);
}

/** The stack's frames under a first line that repeats the (already safe) message. */
function safeStack(error: Error, headline: string): string | undefined {
  if (typeof error.stack !== "string") return undefined;
  const frames = error.stack.split("\n").filter((line) => /^\s+at /.test(line));
  return [headline, ...frames].join("\n");
}

export function serializeError(error: Error, depth = 0, seen = new WeakSet<object>()): Record<string, unknown> {
  const record = error as unknown as Record<string, unknown>;
  if (isDrizzleQueryError(error)) {
    const out: Record<string, unknown> = { name: "DrizzleQueryError", message: "A database statement failed." };
    if (error.cause !== undefined) out.cause = sanitize(error.cause, depth + 1, seen);
    return out;
  }
  const message = scrubString(error.message);
  const out: Record<string, unknown> = { name: error.name, message };
  if (isPostgresError(error)) {
    for (const [from, to] of Object.entries(POSTGRES_FIELDS)) if (record[from] !== undefined) out[to] = record[from];
  } else {
    for (const field of ERROR_FIELDS) if (record[field] !== undefined && typeof record[field] !== "object") out[field] = record[field];
  }
  const stack = safeStack(error, `${error.name}: ${message}`);
  if (stack) out.stack = stack;
  if (error.cause !== undefined) out.cause = sanitize(error.cause, depth + 1, seen);
  if (error instanceof AggregateError) out.errors = error.errors.slice(0, 5).map((e) => sanitize(e, depth + 1, seen));
  return out;
}

/** A JSON-safe copy of `value` without secrets (see above), cycles or unbounded depth. */
export function sanitize(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return scrubString(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object" || value === null) return typeof value === "function" || typeof value === "symbol" ? undefined : value;
  if (value instanceof Date) return value;
  if (seen.has(value) || depth > MAX_DEPTH) return "[…]";
  seen.add(value);
  if (value instanceof Error) return serializeError(value, depth, seen);
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => sanitize(item, depth + 1, seen));
  if (value instanceof Headers) return sanitize(Object.fromEntries(value.entries()), depth, new WeakSet());
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? REDACTED : sanitize(item, depth + 1, seen);
  return out;
}

/**
 * An Error that says what `error` says, minus what must not be logged (for printers we do not
 * control). A failed statement becomes its PostgreSQL summary: code, message, constraint, table.
 */
export function toSafeError(error: Error): Error {
  const summary = serializeError(error) as { name: string; message: string; stack?: string; cause?: Record<string, unknown> };
  let message = summary.message;
  if (summary.name === "DrizzleQueryError" && summary.cause) {
    const { code, message: causeMessage, constraint, table } = summary.cause;
    const where = [constraint && `constraint ${String(constraint)}`, table && `table ${String(table)}`].filter(Boolean).join(", ");
    message = `${message} ${[code, causeMessage].filter(Boolean).join(" ")}${where ? ` (${where})` : ""}`;
  }
  const safe = new Error(message);
  safe.name = summary.name;
  safe.stack = isDrizzleQueryError(error) ? safeStack(error, `${summary.name}: ${message}`) : summary.stack;
  const digest = (error as { digest?: unknown }).digest;
  if (typeof digest === "string") Object.assign(safe, { digest });
  return safe;
}

/**
 * Next.js prints the errors it catches (a failing page or route handler) with console.error,
 * where drizzle's error message would show the statement's parameters: pass what it prints
 * through the same filter as our own log lines. Installed once per process.
 */
export function installConsoleRedaction(): void {
  const holder = console as Console & { __atriumRedacted?: boolean };
  if (holder.__atriumRedacted) return;
  holder.__atriumRedacted = true;
  for (const method of ["error", "warn"] as const) {
    const print = console[method].bind(console);
    console[method] = (...args: unknown[]) =>
      print(...args.map((arg) => (arg instanceof Error ? toSafeError(arg) : typeof arg === "string" ? scrubString(arg) : arg)));
  }
}

/**
 * The process's pino logger, made on first use (tests and `next build` set LOG_LEVEL first).
 * Synchronous destinations only: pino's transports run in worker threads, which break once Next
 * bundles the server. Warnings and errors go to stderr, the rest to stdout (as before pino);
 * LOG_FORMAT=pretty (the default in development) prints them readable instead of JSON.
 */
function pinoLogger(): pino.Logger {
  const holder = globalThis as unknown as { __atriumPino?: { logger: pino.Logger; key: string } };
  const format = env.LOG_FORMAT ?? (env.NODE_ENV === "development" ? "pretty" : "json");
  const key = `${env.LOG_LEVEL}:${format}`;
  if (holder.__atriumPino?.key === key) return holder.__atriumPino.logger;
  const toStream = (stream: "stdout" | "stderr") => ({
    // process[stream] is looked up per line, so a replaced or spied stream is honoured.
    write: (line: string) => process[stream].write(format === "pretty" ? prettyLine(line) : line),
  });
  const logger = pino(
    {
      level: env.LOG_LEVEL,
      base: undefined,
      messageKey: "msg",
      timestamp: () => `,"t":"${new Date().toISOString()}"`,
      formatters: {
        level: (label) => ({ level: label }),
        // Every object logged goes through the same redaction, whoever builds it.
        log: (fields) => sanitize(fields) as Record<string, unknown>,
      },
      // sanitize() has already made errors safe plain objects; pino's own serializer would
      // re-read them.
      serializers: { err: (value: unknown) => value },
      mixin: requestFields,
    },
    pino.multistream(
      [
        { level: "debug", stream: toStream("stdout") },
        { level: "warn", stream: toStream("stderr") },
      ],
      { dedupe: true },
    ),
  );
  holder.__atriumPino = { logger, key };
  return logger;
}

/** The request's id, workspace and user on every line written while it is handled. */
function requestFields(): Record<string, unknown> {
  const context = currentRequestContext();
  if (!context) return {};
  const fields: Record<string, unknown> = { requestId: context.requestId };
  if (context.workspaceId) fields.workspaceId = context.workspaceId;
  if (context.userId) fields.userId = context.userId;
  return fields;
}

// Repeats: an outage makes every request log the same warning (20 s of a restart under load
// wrote about 700 lines). Lines that are the same in every way (message, plain field values, and a
// logged error's name, code and message) are written BURST times per window; the rest are counted,
// and one line at the window's end says how many were not written. A line that differs in any plain
// field (another workspace, endpoint, path or code) is another line: nothing distinct is hidden.
const BURST = 5;
const WINDOW_MS = 10_000;
const MAX_TRACKED = 1_000;
type Burst = { level: Level; message: string; fields: Record<string, unknown>; written: number; dropped: number };
const bursts = new Map<string, Burst>();

function errorIdentity(logged: Error): string {
  // A failed statement's own message holds its parameters (different every time): its cause is the error.
  const error = isDrizzleQueryError(logged) && logged.cause instanceof Error ? logged.cause : logged;
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return `${error.name}\u0000${String(code ?? "")}\u0000${error.message.slice(0, 200)}`;
}

/** The line's identity, and the plain fields it carries (repeated on the summary line). */
function repeatKey(level: Level, message: string, fields?: Record<string, unknown>): { key: string; plain: Record<string, unknown> } {
  const parts = [level, message];
  const plain: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (value instanceof Error) parts.push(`${name}=${errorIdentity(value)}`);
    else if (value === null || ["string", "number", "boolean"].includes(typeof value)) {
      parts.push(`${name}=${String(value).slice(0, 200)}`);
      plain[name] = value;
    }
  }
  return { key: parts.join("\u0000"), plain };
}

/** False when this line is one repeat too many in its window (counted for the window's summary). */
function admitRepeat(level: Level, message: string, fields?: Record<string, unknown>): boolean {
  const { key, plain } = repeatKey(level, message, fields);
  const burst = bursts.get(key);
  if (burst) {
    if (burst.written < BURST) {
      burst.written++;
      return true;
    }
    burst.dropped++;
    return false;
  }
  // Bounded: with this many distinct lines in one window, throttling is not what keeps the log readable.
  if (bursts.size >= MAX_TRACKED) return true;
  bursts.set(key, { level, message, fields: plain, written: 1, dropped: 0 });
  setTimeout(() => {
    const ended = bursts.get(key);
    bursts.delete(key);
    if (!ended?.dropped) return;
    pinoLogger()[ended.level]({ ...ended.fields, repeated: ended.dropped, windowSeconds: WINDOW_MS / 1000 }, scrubString(`${ended.message} (${ended.dropped} more like this in ${WINDOW_MS / 1000} s, not written one by one)`));
  }, WINDOW_MS).unref();
  return true;
}

function write(level: Level, message: string, fields?: Record<string, unknown>) {
  const target = pinoLogger();
  if (!target.isLevelEnabled(level)) return;
  if ((level === "warn" || level === "error") && !admitRepeat(level, message, fields)) return;
  target[level](fields ?? {}, scrubString(message));
}

export const logger = {
  debug: (m: string, f?: Record<string, unknown>) => write("debug", m, f),
  info: (m: string, f?: Record<string, unknown>) => write("info", m, f),
  warn: (m: string, f?: Record<string, unknown>) => write("warn", m, f),
  error: (m: string, f?: Record<string, unknown>) => write("error", m, f),
};
