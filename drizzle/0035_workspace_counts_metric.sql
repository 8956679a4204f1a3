-- Custom SQL migration file, put your code below! --
-- Prometheus' workspace gauge (GET /api/metrics, server/metrics/workspace-gauge.ts) counts
-- workspaces by status and plan. The runtime role sees no workspace but the current one (RLS), so
-- the count is this function's: it returns numbers per status and plan only, never a workspace's
-- id, name or slug, and reads one small table once per scrape (cached by the caller).
CREATE FUNCTION atrium_workspace_counts()
RETURNS TABLE (status text, plan_id text, workspaces bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT CASE WHEN t.deleted_at IS NOT NULL THEN 'deleted' ELSE t.status::text END,
         coalesce(t.plan_id, 'none'),
         count(*)
  FROM tenants t
  GROUP BY 1, 2
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION atrium_workspace_counts() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_workspace_counts() TO atrium_app;
