import postgres from "postgres";

// The hostile values of the fuzz tests (test/fuzz-*.test.ts): a fixed table, so every run sends
// exactly the same requests. `unstorable` marks text PostgreSQL cannot store: no input may ever
// accept it.

export type Hostile = { label: string; value: unknown; unstorable?: boolean };

const MB = 1_048_576;
const json = (text: string): unknown => JSON.parse(text);

let nested: unknown = "deep";
for (let i = 0; i < 2_000; i++) nested = [nested];

export const HOSTILE: readonly Hostile[] = [
  // Text PostgreSQL cannot store.
  { label: "NUL inside", value: "a\u0000b", unstorable: true },
  { label: "only NUL", value: "\u0000", unstorable: true },
  { label: "lone high surrogate", value: "\ud800", unstorable: true },
  { label: "lone low surrogate", value: "x\udfffx", unstorable: true },
  { label: "truncated emoji", value: "ok \ud83d", unstorable: true },
  { label: "SQL with NUL", value: "'; drop table users; --\u0000", unstorable: true },
  { label: "HTML with lone surrogate", value: "<script>alert(1)</script>\udc00", unstorable: true },
  { label: "__proto__ with NUL", value: "__proto__\u0000", unstorable: true },
  { label: "1 MB with NUL", value: `${"n".repeat(MB)}\u0000`, unstorable: true },
  // Direction controls and invisible characters.
  { label: "right-to-left override", value: "admin\u202egnp.exe" },
  { label: "bidi isolates", value: "\u2066evil\u2069" },
  { label: "zero-width only", value: "\u200b\u200b\u200d" },
  { label: "BOM and bell", value: "\ufeff\u0007x" },
  { label: "line breaks and tabs", value: "a\r\nb\tc" },
  // Sizes.
  { label: "1 MB ASCII", value: "a".repeat(MB) },
  { label: "1 MB of emoji", value: "😀".repeat(MB / 2) },
  { label: "10k Cyrillic", value: "ж".repeat(10_000) },
  { label: "5k combining marks", value: `e${"\u0301".repeat(5_000)}` },
  { label: "empty", value: "" },
  { label: "blank", value: "   " },
  // Numbers, and numbers as text.
  { label: "1e308", value: 1e308 },
  { label: "-1e308", value: -1e308 },
  { label: "-0", value: -0 },
  { label: "-1", value: -1 },
  { label: "0.5", value: 0.5 },
  { label: "2^53 + 2", value: 2 ** 53 + 2 },
  { label: "'NaN'", value: "NaN" },
  { label: "'Infinity'", value: "Infinity" },
  { label: "'1e308'", value: "1e308" },
  { label: "'-0'", value: "-0" },
  { label: "'-1'", value: "-1" },
  { label: "'1.5'", value: "1.5" },
  { label: "'0x10'", value: "0x10" },
  // Identifiers.
  { label: "nil UUID", value: "00000000-0000-0000-0000-000000000000" },
  { label: "UUID-shaped, not hex", value: "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz" },
  { label: "UUID with NUL", value: "00000000-0000-4000-8000-00000000000\u0000", unstorable: true },
  { label: "__proto__", value: "__proto__" },
  { label: "toString", value: "toString" },
  { label: "constructor", value: "constructor" },
  { label: "hasOwnProperty", value: "hasOwnProperty" },
  { label: "valueOf", value: "valueOf" },
  // Shapes where scalars are expected.
  { label: "null", value: null },
  { label: "true", value: true },
  { label: "empty array", value: [] },
  { label: "array of null", value: [null] },
  { label: "mixed array", value: ["a", {}, 1] },
  { label: "empty object", value: {} },
  { label: "own __proto__ key", value: json('{"__proto__":{"polluted":true},"toString":"x"}') },
  { label: "constructor.prototype", value: json('{"constructor":{"prototype":{"polluted":true}}}') },
  { label: "2,000 nested arrays", value: nested },
  // Dates PostgreSQL cannot store, and impossible ones.
  { label: "year 0 date", value: "0000-01-01" },
  { label: "year 10000 date", value: "10000-01-01" },
  { label: "+275760", value: "+275760-09-13" },
  { label: "year 0 date-time", value: "0000-01-01T00:00:00Z" },
  { label: "year 10000 by offset", value: "9999-12-31T23:59:59-05:00" },
  { label: "30 February", value: "2026-02-30" },
  // SQL-ish, HTML-ish, paths and encodings.
  { label: "SQL quote", value: "' OR '1'='1" },
  { label: "SQL sleep", value: "1; select pg_sleep(10)--" },
  { label: "LIKE wildcards", value: "%_\\" },
  { label: "placeholders", value: "$1 ${x} {{x}}" },
  { label: "HTML", value: '<img src=x onerror="alert(1)">' },
  { label: "javascript URL", value: "javascript:alert(1)" },
  { label: "path traversal", value: "../../etc/passwd" },
  { label: "percent NUL", value: "%00" },
  { label: "percent surrogate", value: "%ED%A0%80" },
  // Unicode that is fine.
  { label: "emoji sequences", value: "😀👩‍👩‍👧🏴󠁧󠁢󠁥󠁮󠁧󠁿" },
  { label: "fullwidth and special case", value: "ＡＢＣ İ ß" },
  { label: "last code point and noncharacter", value: "\u{10ffff}\ufffe" },
];

/** The hostile values that are text (path segments, query values and headers can only be text). */
export const HOSTILE_TEXT = HOSTILE.filter((h): h is Hostile & { value: string } => typeof h.value === "string");

export function describeValue(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 60)}… (${text.length} chars)` : text;
}

// What changes on any API request by design: the hourly API-call count, a key's last-used time
// and the workspace's request minutes (SLA, server/sla). Everything else must be byte-for-byte the
// same after the fuzz.
const VOLATILE: Record<string, string> = {
  usage_rollups: "select to_jsonb(r) as row from usage_rollups r where metric <> 'api_calls'",
  api_keys: "select to_jsonb(k) - 'last_used_at' as row from api_keys k",
  workspace_request_minutes: "select null::jsonb as row where false",
};

export type Snapshot = Record<string, { rows: number; digest: string }>;

/** Row count and a digest of the contents of every table (as the superuser, so RLS hides nothing). */
export async function snapshotTables(sql: postgres.Sql): Promise<Snapshot> {
  const tables = await sql<{ name: string }[]>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`;
  const parts = tables.map(({ name }) => {
    const quoted = `"${name.replace(/"/g, '""')}"`;
    const source = VOLATILE[name] ?? `select to_jsonb(t) as row from ${quoted} t`;
    return `select '${name.replace(/'/g, "''")}' as name, count(*)::int as rows, md5(coalesce(string_agg(row::text, '|' order by row::text), '')) as digest from (${source}) s`;
  });
  const result = await sql.unsafe<{ name: string; rows: number; digest: string }[]>(parts.join(" union all "));
  return Object.fromEntries(result.map((r) => [r.name, { rows: r.rows, digest: r.digest }]));
}

/** The tables whose rows or contents differ between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return Object.keys({ ...before, ...after }).filter((name) => before[name]?.rows !== after[name]?.rows || before[name]?.digest !== after[name]?.digest);
}

export function adminSql(): postgres.Sql {
  const url = process.env.TEST_ADMIN_URL;
  if (!url) throw new Error("TEST_ADMIN_URL is not set (test/setup-database.ts sets it).");
  return postgres(url, { max: 1, onnotice: () => {} });
}
