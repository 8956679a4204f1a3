-- drizzle/0054's backfill changed nothing: migrations run as the owner role, and under FORCE ROW
-- LEVEL SECURITY that role may only read subscriptions (its one policy is FOR SELECT), so the
-- UPDATE saw no rows and said nothing. Done again with FORCE lifted for the one statement. Every
-- pending migration runs in one transaction, which holds the table's lock from the ALTER on: no
-- other session ever sees the table without FORCE.
ALTER TABLE "subscriptions" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
UPDATE "subscriptions" SET "local_anchor_day" = EXTRACT(DAY FROM "current_period_end" AT TIME ZONE 'UTC')::smallint
  WHERE "provider" = 'local' AND "current_period_end" IS NOT NULL AND "local_anchor_day" IS NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" FORCE ROW LEVEL SECURITY;
