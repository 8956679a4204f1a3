-- Custom SQL migration: deleted workspaces disappear from host resolution and workspace lists at
-- once (their slug stays taken until the purge), and the sweep can find the ones to purge.
CREATE OR REPLACE FUNCTION atrium_tenant_by_slug(p_slug text)
RETURNS TABLE (id uuid, slug text, name text, status tenant_status)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT t.id, t.slug, t.name, t.status FROM tenants t WHERE t.slug = p_slug AND t.deleted_at IS NULL $$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION atrium_user_workspaces(p_user_id uuid)
RETURNS TABLE (tenant_id uuid, slug text, name text, status tenant_status, role membership_role)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT t.id, t.slug, t.name, t.status, m.role
  FROM memberships m JOIN tenants t ON t.id = m.tenant_id
  WHERE m.user_id = p_user_id AND t.deleted_at IS NULL
  ORDER BY t.name
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION atrium_lifecycle_candidates(p_trial_horizon timestamptz, p_now timestamptz)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT t.id FROM tenants t
  WHERE t.deleted_at IS NULL
    AND ((t.status = 'trialing' AND t.trial_ends_at <= p_trial_horizon) OR t.status = 'past_due')
  UNION
  SELECT s.tenant_id FROM subscriptions s JOIN tenants t ON t.id = s.tenant_id
  WHERE t.deleted_at IS NULL AND s.provider = 'local' AND s.status IN ('active', 'past_due') AND s.current_period_end <= p_now
$$;--> statement-breakpoint

CREATE FUNCTION atrium_tenants_to_purge(p_deleted_before timestamptz)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT t.id FROM tenants t WHERE t.deleted_at IS NOT NULL AND t.deleted_at < p_deleted_before $$;--> statement-breakpoint

REVOKE ALL ON FUNCTION atrium_tenants_to_purge(timestamptz) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_tenants_to_purge(timestamptz) TO atrium_app;
