-- Offline subscriptions from before drizzle/0052 take their anchor from their period end's day, so
-- a renewal after a short month returns to it (Feb 28 -> Mar 31 needs the 31 kept somewhere).
UPDATE "subscriptions" SET "local_anchor_day" = EXTRACT(DAY FROM "current_period_end" AT TIME ZONE 'UTC')::smallint
  WHERE "provider" = 'local' AND "current_period_end" IS NOT NULL AND "local_anchor_day" IS NULL;--> statement-breakpoint
-- A plan change's hold (drizzle/0053) is its plan and its end together, or nothing.
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_pending_plan_check" CHECK (("pending_plan_id" IS NULL) = ("pending_plan_until" IS NULL));
