import { sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { KNOWN_DEVICE_DAYS } from "./create-session-record";

/**
 * Deletes session records nobody needs any more: ended or expired, and older than the new-device
 * window (they are the device history those alerts compare against). Each user's newest record
 * stays, so a sign-in after a long absence is still known not to be the account's first.
 */
export async function pruneSessionRecords(): Promise<number> {
  const deleted = await getDb().execute(sql`
    delete from auth_sessions s
    where greatest(s.last_seen_at, coalesce(s.revoked_at, s.last_seen_at)) < now() - make_interval(days => ${KNOWN_DEVICE_DAYS})
      and exists (select 1 from auth_sessions n where n.user_id = s.user_id and n.created_at > s.created_at)
  `);
  return deleted.count ?? 0;
}
