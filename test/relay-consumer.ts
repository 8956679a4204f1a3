import { sql } from "drizzle-orm";
import { getDb } from "../server/db/client";
import { runConsumer, type EventConsumer } from "../server/events/relay";

/**
 * Hands a consumer every event committed before this call. The relay reads only below the oldest
 * transaction still running on the whole server (other test files share it), so this waits until
 * every transaction that began before the call has ended, then runs the consumer to the end.
 */
export async function relayCommittedEvents(consumer: EventConsumer): Promise<number> {
  const [row] = await getDb().execute<{ target: string }>(sql`select pg_snapshot_xmax(pg_current_snapshot())::text as target`);
  for (let attempt = 0; attempt < 400; attempt++) {
    const [horizon] = await getDb().execute<{ passed: boolean }>(sql`select pg_snapshot_xmin(pg_current_snapshot()) >= ${row!.target}::xid8 as passed`);
    if (horizon?.passed) {
      // A run stops at its time budget; run again until one finds nothing left.
      let total = 0;
      for (let handed = await runConsumer(consumer); handed > 0; handed = await runConsumer(consumer)) total += handed;
      return total;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("transactions older than the call were still running after 10 s");
}
