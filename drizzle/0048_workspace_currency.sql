-- Prices in euros as well as dollars (issue 17): each workspace is billed in one currency, chosen
-- before its first subscription (a Stripe customer cannot mix currencies). Existing workspaces
-- keep dollars; a constant default fills the column without rewriting the table (PostgreSQL 11+).
ALTER TABLE "tenants" ADD COLUMN "currency" text DEFAULT 'usd' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_currency_check" CHECK ("tenants"."currency" IN ('usd', 'eur'));--> statement-breakpoint
-- The offline checkout keeps the currency its page showed: paying it after the workspace switched
-- currency is refused rather than charged at another price.
ALTER TABLE "local_checkout_sessions" ADD COLUMN "currency" text DEFAULT 'usd' NOT NULL;--> statement-breakpoint
ALTER TABLE "local_checkout_sessions" ADD CONSTRAINT "local_checkout_sessions_currency_check" CHECK ("local_checkout_sessions"."currency" IN ('usd', 'eur'));
