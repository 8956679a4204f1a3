-- Domain events (issue 15): a transactional outbox written with each change, read by the relay's
-- consumers (webhooks, notifications, NATS) and by GET /api/v1/events. See server/db/schema/events.ts
-- for why readers walk (xid, seq) below the oldest running transaction.
CREATE TABLE "events" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
	"xid" xid8 DEFAULT pg_current_xact_id() NOT NULL,
	"type" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"actor" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "events_type_check" CHECK ("events"."type" ~ '^[a-z_]+\.[a-z_]+$' AND char_length("events"."type") <= 64)
);
--> statement-breakpoint
ALTER TABLE "events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "events" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_tenant_order_idx" ON "events" USING btree ("tenant_id","xid","seq");--> statement-breakpoint
CREATE INDEX "events_order_idx" ON "events" USING btree ("xid","seq");--> statement-breakpoint
CREATE POLICY "events_isolation" ON "events" AS PERMISSIVE FOR ALL TO "atrium_app" USING ("events"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("events"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "events_owner_functions" ON "events" AS PERMISSIVE FOR SELECT TO "atrium_owner" USING (true);--> statement-breakpoint
CREATE POLICY "events_owner_prune" ON "events" AS PERMISSIVE FOR DELETE TO "atrium_owner" USING (true);--> statement-breakpoint
-- An event is a fact once written: the runtime role may add and read, never rewrite or remove
-- (rows go with their workspace, by the foreign key, or by the owner's retention job).
REVOKE UPDATE, DELETE, TRUNCATE ON "events" FROM atrium_app;--> statement-breakpoint
CREATE TABLE "event_consumer_cursors" (
	"consumer" text PRIMARY KEY NOT NULL,
	"last_xid" xid8 DEFAULT '0'::xid8 NOT NULL,
	"last_seq" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- The relay's read across workspaces: the next events after a consumer's cursor, only those of
-- transactions that have ended (below the snapshot's xmin), in (xid, seq) order.
CREATE FUNCTION atrium_events_after(after_xid xid8, after_seq bigint, max_rows integer)
RETURNS TABLE (tenant_id uuid, id uuid, seq bigint, xid xid8, type text, version integer, data jsonb, actor jsonb, created_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT e.tenant_id, e.id, e.seq, e.xid, e.type, e.version, e.data, e.actor, e.created_at
  FROM events e
  WHERE (e.xid, e.seq) > (after_xid, after_seq)
    AND e.xid < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY e.xid, e.seq
  LIMIT least(greatest(max_rows, 1), 1000)
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION atrium_events_after(xid8, bigint, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_events_after(xid8, bigint, integer) TO atrium_app;
--> statement-breakpoint
-- Retention (queue prune-events): the oldest events past EVENT_RETENTION_DAYS, a bounded batch per
-- call. The runtime role cannot delete events itself; this is the only way they leave early.
CREATE FUNCTION atrium_prune_events(older_than timestamptz, max_rows integer)
RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  -- Oldest first along the relay's (xid, seq) index (no index of its own on created_at, which
  -- every event would pay for): creation times follow transaction ids closely enough for retention.
  WITH oldest AS (
    SELECT tenant_id, id, created_at FROM events ORDER BY xid, seq LIMIT least(greatest(max_rows, 1), 10000)
  ), doomed AS (
    -- Never younger than a week, whatever the caller passes (EVENT_RETENTION_DAYS is at least 7).
    SELECT tenant_id, id FROM oldest WHERE created_at < least(older_than, now() - interval '7 days')
  ), gone AS (
    DELETE FROM events e USING doomed d WHERE e.tenant_id = d.tenant_id AND e.id = d.id RETURNING 1
  )
  SELECT count(*)::integer FROM gone
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION atrium_prune_events(timestamptz, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_prune_events(timestamptz, integer) TO atrium_app;
