// Reads one SQL statement as Atrium sends it (drizzle's output or a hand-written sql`` template)
// and says which tenant tables it touches without naming the tenant. On Citus a statement is
// routed to one shard only when each distributed table it touches is pinned to one tenant_id value;
// row-level security alone says nothing to the router.
//
// "Pinned" means: `<table or alias>.tenant_id = <parameter or literal>`, or equal to another
// pinned table's tenant_id (a join on tenant_id), or, for INSERT, a tenant_id column in the
// inserted columns. `tenant_id in (...)` and `= any(...)` span several shards and do not count.
// For `tenants` (a reference table) the key is `id`, so a join through `tenants.id = $1` pins too.
//
// This is a reader for the statements this codebase sends, not a SQL parser: string literals are
// blanked, identifiers unquoted, and table references are the names after FROM, JOIN, UPDATE,
// INTO and USING (a name followed by "(" there is a function call, which is how the marked
// cross-tenant functions are called).

export type StatementScope = {
  /** Tenant tables the statement reads or writes (each once). */
  tenantTables: string[];
  /** Those of them not pinned to one tenant. */
  unpinned: string[];
  /** Functions called in FROM or SELECT position whose names are in `crossTenantFunctions`. */
  crossTenantCalls: string[];
};

type TableRef = { table: string; alias: string; insertColumns: string[] | null };

const NOT_AN_ALIAS = new Set([
  "where", "set", "on", "using", "inner", "left", "right", "full", "cross", "join", "natural", "lateral",
  "group", "order", "limit", "offset", "for", "returning", "values", "select", "default", "union",
  "except", "intersect", "having", "window", "as", "and", "or", "when", "then", "else", "end", "do",
  "overriding", "fetch", "with",
]);

const IDENT = "[a-z_][a-z0-9_]*";
const VALUE = String.raw`(?:\$\d+|\$lit)(?:::${IDENT}(?:\[\])?)?`;
const COLUMN = `(?:${IDENT}\\.)?${IDENT}`;

/** Lower case, no comments, no string literals (each becomes `$lit`), no identifier quotes, no `public.`. */
export function normalizeStatement(text: string): string {
  return text
    .replace(/--[^\n]*/g, " ")
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/'(?:[^']|'')*'/g, " $lit ")
    .replace(/"([^"]*)"/g, (_m, name: string) => name.toLowerCase())
    .toLowerCase()
    .replace(/\bpublic\./g, "")
    .replace(/\s+/g, " ")
    .trim();
}

function tableRefs(sql: string): TableRef[] {
  const refs: TableRef[] = [];
  const pattern = new RegExp(`\\b(from|join|update|into|using) (${IDENT})( ?\\()?(?: (?:as )?(${IDENT}))?`, "g");
  for (const m of sql.matchAll(pattern)) {
    const [, keyword, table, paren, alias] = m as unknown as [string, string, string, string | undefined, string | undefined];
    if (paren && keyword !== "into") continue; // a function call (or `using (col)`)
    let insertColumns: string[] | null = null;
    if (keyword === "into") {
      const list = /^ ?\(([^)]*)\)/.exec(sql.slice(m.index + keyword.length + 1 + table.length));
      insertColumns = list ? list[1]!.split(",").map((c) => c.trim()) : [];
    }
    refs.push({ table, alias: alias && !NOT_AN_ALIAS.has(alias) && !paren ? alias : table, insertColumns });
    // `from a, b x`: further items of a FROM list.
    if (keyword === "from") {
      const rest = sql.slice(m.index + m[0].length);
      const more = new RegExp(`^(?: ?, ?(${IDENT})(?: (?:as )?(${IDENT}))?)`);
      let tail = rest;
      for (let next = more.exec(tail); next; next = more.exec(tail)) {
        const [, t, a] = next as unknown as [string, string, string | undefined];
        refs.push({ table: t, alias: a && !NOT_AN_ALIAS.has(a) ? a : t, insertColumns: null });
        tail = tail.slice(next[0].length);
      }
    }
  }
  return refs;
}

/** Union-find over column names ("alias.col", or "?.col" when unqualified). */
class Groups {
  private parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    while (this.parent.get(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    this.parent.set(x, root);
    return root;
  }
  union(a: string, b: string) {
    this.parent.set(this.find(a), this.find(b));
  }
}

export function analyzeStatement(text: string, tenantTables: ReadonlySet<string>, crossTenantFunctions: ReadonlySet<string> = new Set()): StatementScope {
  const sql = normalizeStatement(text);
  const crossTenantCalls = [...new Set([...sql.matchAll(new RegExp(`\\b(${IDENT}) ?\\(`, "g"))].map((m) => m[1]!).filter((f) => crossTenantFunctions.has(f)))];
  const refs = tableRefs(sql).filter((r) => tenantTables.has(r.table) || r.table === "tenants");

  const groups = new Groups();
  const bound = new Set<string>();
  const unqualifiedBound: string[] = [];
  const columnKey = (column: string) => (column.includes(".") ? column : `?.${column}`);
  // The right operand must end there: `x = any($1)` and `x = lower($1)` are no equalities to a value.
  const equality = new RegExp(`(?<![a-z0-9_.$])(${COLUMN}|${VALUE}) ?= ?(${COLUMN}|${VALUE})(?![a-z0-9_.$]| ?\\()`, "g");
  const isValue = (operand: string) => operand.startsWith("$");
  for (const m of sql.matchAll(equality)) {
    const [, left, right] = m as unknown as [string, string, string];
    if (isValue(left) && isValue(right)) continue;
    if (isValue(left) || isValue(right)) {
      const column = columnKey(isValue(left) ? right : left);
      bound.add(column);
      if (column === "?.tenant_id") unqualifiedBound.push(column);
    } else {
      groups.union(columnKey(left), columnKey(right));
    }
  }
  const boundRoots = new Set([...bound].map((c) => groups.find(c)));
  const keyOf = (ref: TableRef) => `${ref.alias}.${ref.table === "tenants" ? "id" : "tenant_id"}`;
  const pinned = (ref: TableRef) => boundRoots.has(groups.find(keyOf(ref)));

  let unqualifiedLeft = unqualifiedBound.length;
  const unpinned: string[] = [];
  for (const ref of refs.filter((r) => r.table !== "tenants")) {
    if (ref.insertColumns) {
      if (!ref.insertColumns.includes("tenant_id")) unpinned.push(ref.table);
      continue;
    }
    if (pinned(ref)) continue;
    // An unqualified `tenant_id = $1` names the one table in its scope that has the column
    // (PostgreSQL refuses an ambiguous one), so each such predicate pins one reference.
    if (unqualifiedLeft > 0) {
      unqualifiedLeft--;
      continue;
    }
    unpinned.push(ref.table);
  }
  const touched = [...new Set(refs.filter((r) => r.table !== "tenants").map((r) => r.table))];
  return { tenantTables: touched, unpinned: [...new Set(unpinned)], crossTenantCalls };
}

/** Marks a transaction (or a statement) that deliberately relies on row-level security alone: tests that probe RLS. */
export const RLS_PROBE_MARK = "tenant-scope: rls probe";

export type LoggedStatement = { sql: string; exempt: boolean };

/**
 * The statements of an ATRIUM_SQL_LOG file (`process:connection<TAB>sql` per line). Each
 * connection's statements are followed through BEGIN … COMMIT/ROLLBACK: a statement is exempt when
 * it, or its transaction, carries RLS_PROBE_MARK.
 */
export function readStatementLog(text: string): LoggedStatement[] {
  const out: LoggedStatement[] = [];
  const open = new Map<string, { statements: LoggedStatement[]; marked: boolean }>();
  for (const line of text.split("\n")) {
    const tab = line.indexOf("\t");
    if (tab < 0) continue;
    const connection = line.slice(0, tab);
    const sql = line.slice(tab + 1).trim();
    const verb = sql.split(" ", 1)[0]!.toLowerCase();
    const tx = open.get(connection);
    if (verb === "begin" || verb === "start") {
      open.set(connection, { statements: [], marked: false });
    } else if (verb === "commit" || verb === "rollback" || verb === "end") {
      if (tx) for (const s of tx.statements) out.push({ sql: s.sql, exempt: s.exempt || tx.marked });
      open.delete(connection);
    } else if (tx) {
      const marked = sql.includes(RLS_PROBE_MARK);
      tx.marked ||= marked;
      tx.statements.push({ sql, exempt: marked });
    } else {
      out.push({ sql, exempt: sql.includes(RLS_PROBE_MARK) });
    }
  }
  // A transaction still open when the log was read (a process killed mid-way) counts as it stands.
  for (const tx of open.values()) for (const s of tx.statements) out.push({ sql: s.sql, exempt: s.exempt || tx.marked });
  return out;
}

export type ScopeReport = {
  /** Distinct statements (not exempt) that touch a tenant table. */
  checked: string[];
  /** Those that leave a tenant table unpinned, with the tables. */
  unpinned: { sql: string; tables: string[] }[];
  /** Distinct calls of cross-tenant functions (function names). */
  crossTenantCalls: string[];
  /** Distinct exempt statements (RLS probes). */
  exempt: string[];
};

export function checkStatements(statements: LoggedStatement[], tenantTables: ReadonlySet<string>, crossTenantFunctions: ReadonlySet<string>): ScopeReport {
  const checked = new Set<string>();
  const exempt = new Set<string>();
  const crossTenantCalls = new Set<string>();
  const unpinned = new Map<string, string[]>();
  const analyzed = new Map<string, StatementScope>();
  for (const { sql, exempt: isExempt } of statements) {
    let scope = analyzed.get(sql);
    if (!scope) {
      scope = analyzeStatement(sql, tenantTables, crossTenantFunctions);
      analyzed.set(sql, scope);
      for (const f of scope.crossTenantCalls) crossTenantCalls.add(f);
    }
    if (!scope.tenantTables.length) continue;
    if (isExempt) {
      exempt.add(sql);
      continue;
    }
    checked.add(sql);
    if (scope.unpinned.length) unpinned.set(sql, scope.unpinned);
  }
  return {
    checked: [...checked],
    unpinned: [...unpinned].map(([sql, tables]) => ({ sql, tables })),
    crossTenantCalls: [...crossTenantCalls].sort(),
    exempt: [...exempt],
  };
}

/**
 * The functions that read or write tenant data across tenants: SECURITY DEFINER functions (they
 * run as the owner, so row-level security does not narrow them) whose body names a tenant table or
 * `tenants`. Given the catalog's functions (`pg_proc`: name, prosecdef, prosrc).
 */
export function crossTenantFunctionsOf(functions: { name: string; securityDefiner: boolean; source: string }[], tenantTables: Iterable<string>): string[] {
  const names = [...tenantTables, "tenants"];
  const touches = (source: string) => names.some((t) => new RegExp(`\\b${t}\\b`, "i").test(source));
  return functions.filter((f) => f.securityDefiner && touches(f.source)).map((f) => f.name).sort();
}
