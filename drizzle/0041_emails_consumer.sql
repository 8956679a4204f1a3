-- The emails consumer (server/email/email-consumer.ts) now sends the receipts, failed-payment,
-- failing-domain, suspension and cancellation emails that each change used to queue itself. It
-- starts after the newest stored event: those were emailed by the change already, and a new
-- consumer's cursor would otherwise start from the first event and send them all again.
INSERT INTO event_consumer_cursors (consumer, last_xid, last_seq)
SELECT 'emails', e.xid, e.seq FROM events e ORDER BY e.xid DESC, e.seq DESC LIMIT 1
ON CONFLICT (consumer) DO NOTHING;
--> statement-breakpoint
-- Notifications go with the events they announce (EVENT_RETENTION_DAYS, daily `prune-events` job):
-- the bell's history would otherwise grow for ever. Read and unread alike; never younger than a week.
CREATE POLICY "notifications_owner_functions" ON "notifications" AS PERMISSIVE FOR SELECT TO "atrium_owner" USING (true);--> statement-breakpoint
CREATE POLICY "notifications_owner_prune" ON "notifications" AS PERMISSIVE FOR DELETE TO "atrium_owner" USING (true);--> statement-breakpoint
CREATE FUNCTION atrium_prune_notifications(older_than timestamptz, max_rows integer)
RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  WITH doomed AS (
    SELECT tenant_id, id FROM notifications
    WHERE created_at < least(older_than, now() - interval '7 days')
    LIMIT least(greatest(max_rows, 1), 10000)
  ), gone AS (
    DELETE FROM notifications n USING doomed d WHERE n.tenant_id = d.tenant_id AND n.id = d.id RETURNING 1
  )
  SELECT count(*)::integer FROM gone
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION atrium_prune_notifications(timestamptz, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_prune_notifications(timestamptz, integer) TO atrium_app;
