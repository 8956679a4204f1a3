-- Support access ("view as", issue 13): time-limited grants an operator redeems through the
-- ordinary host hand-off. Workspace-owned rows, under the tenant's row-level security.
CREATE TABLE "support_access_grants" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"operator_user_id" uuid,
	"reason" text NOT NULL,
	"write_access" boolean DEFAULT false NOT NULL,
	"write_reason" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"auth_session_id" uuid,
	"ended_at" timestamp with time zone,
	CONSTRAINT "support_access_grants_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "support_access_grants_write_reason_check" CHECK ("support_access_grants"."write_access" = ("support_access_grants"."write_reason" is not null)),
	CONSTRAINT "support_access_grants_duration_check" CHECK ("support_access_grants"."expires_at" > "support_access_grants"."started_at" and "support_access_grants"."expires_at" <= "support_access_grants"."started_at" + interval '240 minutes')
);
--> statement-breakpoint
ALTER TABLE "support_access_grants" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "support_access_grants" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "support_access_grants" ADD CONSTRAINT "support_access_grants_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_access_grants" ADD CONSTRAINT "support_access_grants_operator_user_id_users_id_fk" FOREIGN KEY ("operator_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "support_access_grants_tenant_started_idx" ON "support_access_grants" USING btree ("tenant_id","started_at");--> statement-breakpoint
CREATE POLICY "support_access_grants_isolation" ON "support_access_grants" AS PERMISSIVE FOR ALL TO "atrium_app" USING ("support_access_grants"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("support_access_grants"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- A grant is history for the workspace's owners: it can be ended, never rewritten or removed.
REVOKE DELETE, TRUNCATE ON "support_access_grants" FROM atrium_app;--> statement-breakpoint
ALTER TABLE "auth_handoffs" ADD COLUMN "support_tenant_id" uuid;--> statement-breakpoint
ALTER TABLE "auth_handoffs" ADD COLUMN "support_grant_id" uuid;--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD COLUMN "expires_at" timestamp with time zone;
