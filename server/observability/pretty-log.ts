// Development output: one readable line per log line (pino-pretty would need a worker thread or
// another dependency for what fits here). Production keeps pino's JSON.
const COLORS: Record<string, string> = { debug: "\x1b[90m", info: "\x1b[36m", warn: "\x1b[33m", error: "\x1b[31m" };
const RESET = "\x1b[0m";

function show(value: unknown): string {
  if (typeof value === "string") return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

/** `12:03:04.567 INFO  message key=value …` from one JSON line (left alone if it is not one). */
export function prettyLine(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const { t, level, msg, error, ...rest } = record;
  const time = typeof t === "string" ? t.slice(11, 23) : "";
  const label = String(level ?? "info");
  const fields = Object.entries(rest).map(([key, value]) => `${key}=${show(value)}`);
  const head = `${time} ${COLORS[label] ?? ""}${label.toUpperCase().padEnd(5)}${RESET} ${String(msg ?? "")}`;
  if (error && typeof error === "object" && "stack" in error) {
    const { stack, ...summary } = error as Record<string, unknown>;
    return `${[head, ...fields, `error=${show(summary)}`].join(" ")}\n${String(stack)}\n`;
  }
  if (error !== undefined) fields.push(`error=${show(error)}`);
  return `${[head, ...fields].join(" ")}\n`;
}
