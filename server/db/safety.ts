import type postgres from "postgres";

/**
 * The runtime role must not be able to bypass row-level security: not superuser, no
 * BYPASSRLS, and it must neither own nor be able to become the owner of any public table.
 * Returns a list of problems (empty when safe).
 */
export async function findRuntimeRoleProblems(sql: postgres.Sql): Promise<string[]> {
  // Through `unsafe`, like every statement of the app, so the pool's rules for PgBouncer apply (client.ts).
  const [role] = await sql.unsafe<{ name: string; super: boolean; bypass: boolean }[]>(
    "select rolname as name, rolsuper as super, rolbypassrls as bypass from pg_roles where rolname = current_user",
  );
  if (!role) return ["cannot read the current role from pg_roles"];
  const problems: string[] = [];
  if (role.super) problems.push(`role "${role.name}" is a superuser`);
  if (role.bypass) problems.push(`role "${role.name}" has BYPASSRLS`);
  const owned = await sql.unsafe<{ table: string; owner: string }[]>(
    `select c.relname as table, pg_get_userbyid(c.relowner) as owner
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p')
       and pg_has_role(current_user, c.relowner, 'MEMBER')`,
  );
  for (const row of owned) {
    problems.push(`role "${role.name}" owns or can act as the owner ("${row.owner}") of table "${row.table}"`);
  }
  return problems;
}

export function describeRoleProblems(problems: string[]): string {
  return [
    "Refusing to start: the runtime database role could bypass row-level security.",
    ...problems.map((p) => `  - ${p}`),
    "Fix: point DATABASE_URL at a role created with NOSUPERUSER NOBYPASSRLS that owns no tables",
    "(migrations run as DATABASE_OWNER_URL). See README, 'Using your own PostgreSQL'.",
  ].join("\n");
}
