CREATE TABLE "tenant_status_changes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"source" text NOT NULL,
	"reason" text NOT NULL,
	"actor_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_status_changes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_status_changes_source_check" CHECK ("tenant_status_changes"."source" in ('webhook', 'sweep', 'operator', 'owner', 'system'))
);
--> statement-breakpoint
ALTER TABLE "tenant_status_changes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "operator_suspended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_status_changes" ADD CONSTRAINT "tenant_status_changes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_status_changes" ADD CONSTRAINT "tenant_status_changes_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tenant_status_changes_tenant_created_idx" ON "tenant_status_changes" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE POLICY "tenant_status_changes_isolation" ON "tenant_status_changes" AS PERMISSIVE FOR ALL TO "atrium_app" USING ("tenant_status_changes"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_status_changes"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- Workspaces older than the timeline start it with the status they have now.
INSERT INTO "tenant_status_changes" ("tenant_id", "from_status", "to_status", "source", "reason", "created_at")
SELECT "id", NULL, CASE WHEN "deleted_at" IS NULL THEN "status"::text ELSE 'deleted' END, 'system', 'status when the timeline began', "updated_at" FROM "tenants";--> statement-breakpoint
ALTER TABLE "tenant_status_changes" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- The timeline is history: the runtime role adds to it and never rewrites it (purge removes it with its workspace).
REVOKE UPDATE, DELETE, TRUNCATE ON "tenant_status_changes" FROM atrium_app;
