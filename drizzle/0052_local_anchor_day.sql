-- The offline provider's billing cycle anchor: the day of the month (1-31) its periods renew on.
-- A subscription started on the 31st renews on Feb 28 and then on Mar 31, as Stripe's do; without
-- the anchor a clamped date would drift (Feb 28 -> Mar 28). Set at checkout and when a change of
-- billing interval starts a new period; NULL (Stripe mode, older rows) falls back to the period
-- end's own day. atrium_app's table grants (drizzle/0001, default privileges) cover the new column.
ALTER TABLE "subscriptions" ADD COLUMN "local_anchor_day" smallint;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_local_anchor_day_check" CHECK ("local_anchor_day" BETWEEN 1 AND 31);
