-- Outgoing webhooks (issue 15): endpoints per workspace, one delivery per endpoint and event (plus
-- test sends and resends), and every HTTP attempt of a delivery. See server/db/schema/webhooks.ts.
CREATE TABLE "webhook_endpoints" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"url" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"event_types" text[] DEFAULT '{}' NOT NULL,
	"secret_sealed" text NOT NULL,
	"previous_secret_sealed" text,
	"previous_secret_expires_at" timestamp with time zone,
	"enabled" boolean DEFAULT true NOT NULL,
	"disabled_reason" text,
	"failing_since" timestamp with time zone,
	"lease_until" timestamp with time zone,
	"lease_token" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_endpoints_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "webhook_endpoints_url_check" CHECK (char_length("webhook_endpoints"."url") <= 2048),
	CONSTRAINT "webhook_endpoints_description_check" CHECK (char_length("webhook_endpoints"."description") <= 500)
);
--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "webhook_endpoints_isolation" ON "webhook_endpoints" AS PERMISSIVE FOR ALL TO "atrium_app" USING ("webhook_endpoints"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("webhook_endpoints"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- The delivery claim (atrium_webhook_claim, SECURITY DEFINER) reads and leases endpoints of every workspace.
CREATE POLICY "webhook_endpoints_owner_functions" ON "webhook_endpoints" AS PERMISSIVE FOR ALL TO "atrium_owner" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"kind" text DEFAULT 'event' NOT NULL,
	"event_id" uuid,
	"message_id" text NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"last_response_status" integer,
	"last_duration_ms" integer,
	"resend_of" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_deliveries_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "webhook_deliveries_kind_check" CHECK ("webhook_deliveries"."kind" IN ('event', 'test', 'resend')),
	CONSTRAINT "webhook_deliveries_status_check" CHECK ("webhook_deliveries"."status" IN ('pending', 'succeeded', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_fk" FOREIGN KEY ("tenant_id","endpoint_id") REFERENCES "public"."webhook_endpoints"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- One delivery per endpoint and event, however often the relay hands the event over.
CREATE UNIQUE INDEX "webhook_deliveries_event_key" ON "webhook_deliveries" USING btree ("tenant_id","endpoint_id","event_id") WHERE "webhook_deliveries"."kind" = 'event';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("tenant_id","endpoint_id","next_attempt_at") WHERE "webhook_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_log_idx" ON "webhook_deliveries" USING btree ("tenant_id","endpoint_id","created_at");--> statement-breakpoint
CREATE POLICY "webhook_deliveries_isolation" ON "webhook_deliveries" AS PERMISSIVE FOR ALL TO "atrium_app" USING ("webhook_deliveries"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("webhook_deliveries"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "webhook_deliveries_owner_functions" ON "webhook_deliveries" AS PERMISSIVE FOR SELECT TO "atrium_owner" USING (true);--> statement-breakpoint
CREATE TABLE "webhook_attempts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"delivery_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"request_headers" jsonb NOT NULL,
	"request_body" text NOT NULL,
	"response_status" integer,
	"response_body" text,
	"duration_ms" integer NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_attempts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "webhook_attempts_response_body_check" CHECK (char_length("webhook_attempts"."response_body") <= 2048)
);
--> statement-breakpoint
ALTER TABLE "webhook_attempts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "webhook_attempts" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_fk" FOREIGN KEY ("tenant_id","delivery_id") REFERENCES "public"."webhook_deliveries"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_attempts_delivery_idx" ON "webhook_attempts" USING btree ("tenant_id","delivery_id","attempt");--> statement-breakpoint
CREATE POLICY "webhook_attempts_isolation" ON "webhook_attempts" AS PERMISSIVE FOR ALL TO "atrium_app" USING ("webhook_attempts"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("webhook_attempts"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- The delivery job's claim across workspaces: lease one enabled endpoint that has a due delivery
-- and no delivery in flight (lease_until passed), the one whose due delivery is oldest, and name
-- that delivery. SKIP LOCKED: two workers never lease the same endpoint, so at most one delivery
-- per endpoint is in flight, and at most two per workspace. `at` is the caller's clock (tests move it forward instead of sleeping).
CREATE FUNCTION atrium_webhook_claim(at timestamptz, lease_seconds integer)
RETURNS TABLE (tenant_id uuid, endpoint_id uuid, delivery_id uuid, lease_token uuid)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  WITH candidate AS (
    SELECT we.tenant_id, we.id
    FROM webhook_endpoints we
    WHERE we.enabled
      AND (we.lease_until IS NULL OR we.lease_until <= at)
      -- Fair shares: a workspace with two deliveries in flight waits, so its slow endpoints cannot
      -- take every worker while other workspaces' deliveries queue behind them.
      AND (SELECT count(*) FROM webhook_endpoints busy WHERE busy.tenant_id = we.tenant_id AND busy.lease_until > at) < 2
      AND EXISTS (
        SELECT 1 FROM webhook_deliveries wd
        WHERE wd.tenant_id = we.tenant_id AND wd.endpoint_id = we.id AND wd.status = 'pending' AND wd.next_attempt_at <= at
      )
    ORDER BY (
      SELECT min(wd.next_attempt_at) FROM webhook_deliveries wd
      WHERE wd.tenant_id = we.tenant_id AND wd.endpoint_id = we.id AND wd.status = 'pending'
    )
    LIMIT 1
    FOR UPDATE OF we SKIP LOCKED
  ), leased AS (
    UPDATE webhook_endpoints we
    SET lease_until = at + make_interval(secs => least(greatest(lease_seconds, 1), 3600)), lease_token = gen_random_uuid()
    FROM candidate c
    WHERE we.tenant_id = c.tenant_id AND we.id = c.id
    RETURNING we.tenant_id, we.id, we.lease_token
  )
  SELECT l.tenant_id, l.id,
    (SELECT wd.id FROM webhook_deliveries wd
     WHERE wd.tenant_id = l.tenant_id AND wd.endpoint_id = l.id AND wd.status = 'pending' AND wd.next_attempt_at <= at
     ORDER BY wd.next_attempt_at, wd.created_at LIMIT 1),
    l.lease_token
  FROM leased l
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION atrium_webhook_claim(timestamptz, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_webhook_claim(timestamptz, integer) TO atrium_app;
--> statement-breakpoint
-- Retention (the daily prune-events job): finished deliveries (and their attempts, by the foreign
-- key) older than EVENT_RETENTION_DAYS go with the events they carried; never younger than a week.
CREATE POLICY "webhook_deliveries_owner_prune" ON "webhook_deliveries" AS PERMISSIVE FOR DELETE TO "atrium_owner" USING (true);--> statement-breakpoint
CREATE FUNCTION atrium_prune_webhook_deliveries(older_than timestamptz, max_rows integer)
RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  WITH doomed AS (
    SELECT tenant_id, id FROM webhook_deliveries
    WHERE status <> 'pending' AND created_at < least(older_than, now() - interval '7 days')
    LIMIT least(greatest(max_rows, 1), 10000)
  ), gone AS (
    DELETE FROM webhook_deliveries wd USING doomed d WHERE wd.tenant_id = d.tenant_id AND wd.id = d.id RETURNING 1
  )
  SELECT count(*)::integer FROM gone
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION atrium_prune_webhook_deliveries(timestamptz, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_prune_webhook_deliveries(timestamptz, integer) TO atrium_app;
