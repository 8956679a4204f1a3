CREATE TABLE "operator_audit_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor_user_id" uuid,
	"action" text NOT NULL,
	"target" text,
	"reason" text NOT NULL,
	"target_tenant_id" uuid,
	"ip" text,
	"user_agent" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "usage_overage" ADD COLUMN "claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "operator_audit_events" ADD CONSTRAINT "operator_audit_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "operator_audit_events_created_idx" ON "operator_audit_events" USING btree ("created_at","id");--> statement-breakpoint
-- The operator audit log is append-only for the runtime role (the owner keeps full rights).
REVOKE UPDATE, DELETE, TRUNCATE ON "operator_audit_events" FROM atrium_app;
