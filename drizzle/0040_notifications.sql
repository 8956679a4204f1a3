-- The notification centre (issue 15): one row per person and event, written by the relay's
-- notifications consumer in the transaction that moves its cursor (so once per event), read by the
-- dashboard's bell. Email preferences are per person, across workspaces, like the account page.
CREATE TABLE "notifications" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notifications_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "notifications_category_check" CHECK ("notifications"."category" IN ('billing', 'usage', 'members', 'exports', 'domains', 'security')),
	-- A path inside the workspace's dashboard, never an address elsewhere (no open redirect from a payload).
	CONSTRAINT "notifications_link_check" CHECK ("notifications"."link" IS NULL OR ("notifications"."link" ~ '^/dashboard(/[a-z0-9/_-]*)?$' AND char_length("notifications"."link") <= 200)),
	CONSTRAINT "notifications_text_check" CHECK (char_length("notifications"."title") <= 200 AND char_length("notifications"."body") <= 2000)
);
--> statement-breakpoint
ALTER TABLE "notifications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "notifications" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_tenant_user_event_key" ON "notifications" USING btree ("tenant_id","user_id","event_id");--> statement-breakpoint
CREATE INDEX "notifications_tenant_user_created_idx" ON "notifications" USING btree ("tenant_id","user_id","created_at");--> statement-breakpoint
-- The bell's count: only unread rows, so it stays small however long the history grows.
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("tenant_id","user_id") WHERE "notifications"."read_at" IS NULL;--> statement-breakpoint
-- Deleting a user cascades here by user_id alone.
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id");--> statement-breakpoint
CREATE POLICY "notifications_isolation" ON "notifications" AS PERMISSIVE FOR ALL TO "atrium_app" USING ("notifications"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("notifications"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"user_id" uuid NOT NULL,
	"category" text NOT NULL,
	"email" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_preferences_user_id_category_pk" PRIMARY KEY("user_id","category"),
	-- Billing, domain and security notices cannot be turned off, so they have no preference row.
	CONSTRAINT "notification_preferences_category_check" CHECK ("notification_preferences"."category" IN ('usage', 'members', 'exports'))
);
--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
