-- A move to a lower plan under way: the fit check commits before the payment provider is called
-- (no lock is held across that call), so until the provider has answered, or pending_plan_until
-- passes (a process that died meanwhile), invitations, API keys and webhook endpoints are admitted
-- under the lower of both plans' limits (server/billing/plan-fit.ts holdPlanFit).
-- atrium_app's table grants (drizzle/0001, default privileges) cover the new columns.
ALTER TABLE "tenants" ADD COLUMN "pending_plan_id" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "pending_plan_until" timestamp with time zone;
