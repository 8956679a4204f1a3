-- The offline provider's account credit, in the workspace currency's minor unit: what a plan
-- change leaves unused of the period already paid (a downgrade, or a switch of billing interval,
-- which starts a new period). The next charges, plan changes and renewals, draw on it first, as
-- Stripe's customer balance does; Stripe mode keeps its balance at Stripe and leaves this 0.
-- atrium_app's table grants (drizzle/0002) cover the new column.
ALTER TABLE "subscriptions" ADD COLUMN "local_credit_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_local_credit_check" CHECK ("local_credit_cents" >= 0);
