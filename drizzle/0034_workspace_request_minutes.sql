-- Per-workspace request minutes for SLA reports (issue 14): requests, 5xx answers and a latency
-- histogram per workspace, surface and minute, added to every few seconds from memory.
CREATE TABLE "workspace_request_minutes" (
	"tenant_id" uuid NOT NULL,
	"surface" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"requests" integer NOT NULL,
	"server_errors" integer NOT NULL,
	"latency_buckets" integer[] NOT NULL,
	CONSTRAINT "workspace_request_minutes_tenant_id_surface_minute_pk" PRIMARY KEY("tenant_id","surface","minute"),
	CONSTRAINT "workspace_request_minutes_surface_check" CHECK ("workspace_request_minutes"."surface" in ('api', 'dashboard'))
);
--> statement-breakpoint
ALTER TABLE "workspace_request_minutes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "workspace_request_minutes" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "workspace_request_minutes" ADD CONSTRAINT "workspace_request_minutes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "workspace_request_minutes_isolation" ON "workspace_request_minutes" AS PERMISSIVE FOR ALL TO "atrium_app" USING ("workspace_request_minutes"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("workspace_request_minutes"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
