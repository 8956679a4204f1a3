CREATE TABLE "billing_jobs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"subscription_id" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_jobs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "billing_jobs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "provider_subscriptions" (
	"tenant_id" uuid NOT NULL,
	"subscription_id" text NOT NULL,
	"provider" text NOT NULL,
	"customer_id" text NOT NULL,
	"status" text NOT NULL,
	"plan_id" text,
	"interval" text,
	"current_period_end" timestamp with time zone,
	"cancel_at_period_end" boolean DEFAULT false NOT NULL,
	"trial_end" timestamp with time zone,
	"started_at" timestamp with time zone,
	"duplicate_of" text,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_subscriptions_tenant_id_subscription_id_pk" PRIMARY KEY("tenant_id","subscription_id")
);
--> statement-breakpoint
ALTER TABLE "provider_subscriptions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "local_checkout_sessions" ADD COLUMN "attempt_id" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "trial_end" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "billing_jobs" ADD CONSTRAINT "billing_jobs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_subscriptions" ADD CONSTRAINT "provider_subscriptions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_jobs_intent_idx" ON "billing_jobs" USING btree ("tenant_id","kind","subscription_id");--> statement-breakpoint
CREATE INDEX "billing_jobs_due_idx" ON "billing_jobs" USING btree ("run_after") WHERE "billing_jobs"."done_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "local_checkout_sessions_attempt_idx" ON "local_checkout_sessions" USING btree ("tenant_id","attempt_id");--> statement-breakpoint
CREATE POLICY "billing_jobs_isolation" ON "billing_jobs" AS PERMISSIVE FOR ALL TO "atrium_app" USING ("billing_jobs"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("billing_jobs"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "billing_jobs_owner_functions" ON "billing_jobs" AS PERMISSIVE FOR SELECT TO "atrium_owner" USING (true);--> statement-breakpoint
CREATE POLICY "provider_subscriptions_isolation" ON "provider_subscriptions" AS PERMISSIVE FOR ALL TO "atrium_app" USING ("provider_subscriptions"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("provider_subscriptions"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
-- Hand-written: FORCE RLS on the new tenant tables, the history backfilled from the current rows,
-- and the cross-tenant read the billing job runner needs.
ALTER TABLE "provider_subscriptions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "billing_jobs" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
INSERT INTO "provider_subscriptions" ("tenant_id", "subscription_id", "provider", "customer_id", "status", "plan_id", "interval", "current_period_end", "cancel_at_period_end", "updated_at")
SELECT "tenant_id", "subscription_id", "provider", "customer_id", "status", "plan_id", "interval", "current_period_end", "cancel_at_period_end", "updated_at"
FROM "subscriptions" WHERE "subscription_id" IS NOT NULL AND "status" IS NOT NULL;--> statement-breakpoint

-- Billing jobs that are due, deleted workspaces included (cancelling their subscription is the
-- point). Only ids: the runner claims each one under its own tenant with SKIP LOCKED.
CREATE FUNCTION atrium_due_billing_jobs(p_now timestamptz, p_limit integer)
RETURNS TABLE (tenant_id uuid, job_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT j.tenant_id, j.id FROM billing_jobs j
  WHERE j.done_at IS NULL AND j.run_after <= p_now
  ORDER BY j.run_after
  LIMIT p_limit
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION atrium_due_billing_jobs(timestamptz, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_due_billing_jobs(timestamptz, integer) TO atrium_app;
