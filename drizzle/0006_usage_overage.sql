CREATE TABLE "usage_overage" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"metric" text NOT NULL,
	"quantity" bigint NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reported_at" timestamp with time zone,
	"provider" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_overage_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "usage_overage" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "usage_overage" ADD CONSTRAINT "usage_overage_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_overage_pending_idx" ON "usage_overage" USING btree ("tenant_id","created_at") WHERE "usage_overage"."reported_at" is null;--> statement-breakpoint
CREATE POLICY "usage_overage_isolation" ON "usage_overage" AS PERMISSIVE FOR ALL TO "atrium_app" USING ("usage_overage"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("usage_overage"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "usage_overage_owner_functions" ON "usage_overage" AS PERMISSIVE FOR SELECT TO "atrium_owner" USING (true);