-- Insights' weekly digest (issue 16): a notification category of its own, so each person can turn
-- the digest email off (on by default: no preference row), and the read of the workspaces it goes
-- to. The checks are added NOT VALID and validated after, so the notifications table is scanned
-- without blocking writes.
ALTER TABLE "notification_preferences" DROP CONSTRAINT "notification_preferences_category_check";--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_category_check" CHECK ("notification_preferences"."category" IN ('usage', 'members', 'exports', 'insights')) NOT VALID;--> statement-breakpoint
ALTER TABLE "notification_preferences" VALIDATE CONSTRAINT "notification_preferences_category_check";--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_category_check";--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_category_check" CHECK ("notifications"."category" IN ('billing', 'usage', 'members', 'exports', 'domains', 'security', 'insights')) NOT VALID;--> statement-breakpoint
ALTER TABLE "notifications" VALIDATE CONSTRAINT "notifications_category_check";--> statement-breakpoint
-- The digest's workspaces: live ones with an analysis finished since `since`, by id after `after_id`
-- (keyset pages of at most 1000), called only from server/db/cross-tenant-insights.ts.
CREATE FUNCTION atrium_insight_digest_workspaces(since timestamptz, after_id uuid, max_rows integer)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT t.id FROM tenants t
  WHERE t.deleted_at IS NULL
    AND (after_id IS NULL OR t.id > after_id)
    AND EXISTS (SELECT 1 FROM insight_reports r WHERE r.tenant_id = t.id AND r.status = 'done' AND r.finished_at >= since)
  ORDER BY t.id
  LIMIT least(greatest(max_rows, 1), 1000)
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION atrium_insight_digest_workspaces(timestamptz, uuid, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_insight_digest_workspaces(timestamptz, uuid, integer) TO atrium_app;
