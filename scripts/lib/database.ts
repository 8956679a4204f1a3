import postgres from "postgres";
import {
  APP_ROLE,
  createDatabase,
  databaseExists,
  ensureRoles,
  migrateDatabase,
  OWNER_ROLE,
  urlFor,
} from "../../server/db/provision";
import { describeRoleProblems, findRuntimeRoleProblems } from "../../server/db/safety";

// Local-only credentials for the embedded server (it listens on 127.0.0.1 only).
export const EMBEDDED_PASSWORDS = { owner: "atrium_owner_local", app: "atrium_app_local" };

export type DatabaseUrls = { appUrl: string; ownerUrl: string };

/** Creates roles and the database on a server we administer, then migrates it. */
export async function provisionDatabase(adminUrl: string, database: string): Promise<DatabaseUrls> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await ensureRoles(admin, EMBEDDED_PASSWORDS);
    if (!(await databaseExists(admin, database))) await createDatabase(admin, database);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const ownerUrl = urlFor(adminUrl, OWNER_ROLE, EMBEDDED_PASSWORDS.owner, database);
  const appUrl = urlFor(adminUrl, APP_ROLE, EMBEDDED_PASSWORDS.app, database);
  await migrateDatabase(ownerUrl);
  return { appUrl, ownerUrl };
}

/** Exits the process with a clear message when the runtime role could bypass RLS. */
export async function assertSafeRuntimeRole(appUrl: string): Promise<void> {
  const sql = postgres(appUrl, { max: 1, onnotice: () => {} });
  try {
    const problems = await findRuntimeRoleProblems(sql);
    if (problems.length) {
      process.stderr.write(describeRoleProblems(problems) + "\n");
      process.exit(1);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
