-- Custom SQL migration: FORCE RLS on the new tenant tables, existing workspaces skip the guided
-- setup, and the cross-tenant reads custom domains and background exports need.
ALTER TABLE "tenant_domains" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "workspace_exports" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
UPDATE "tenants" SET "onboarding_completed_at" = now() WHERE "onboarding_completed_at" IS NULL;--> statement-breakpoint

-- Host resolution for custom domains: verified (or failing but still in its grace period) only.
CREATE FUNCTION atrium_tenant_by_domain(p_hostname text)
RETURNS TABLE (id uuid, slug text, name text, status tenant_status)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT t.id, t.slug, t.name, t.status
  FROM tenant_domains d JOIN tenants t ON t.id = d.tenant_id
  WHERE d.hostname = p_hostname AND d.status IN ('verified', 'failing') AND t.deleted_at IS NULL
  ORDER BY d.verified_at
  LIMIT 1
$$;--> statement-breakpoint

-- Adding or verifying a domain: is it already routed to another workspace?
CREATE FUNCTION atrium_domain_routed_elsewhere(p_hostname text, p_tenant_id uuid)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT EXISTS (
    SELECT 1 FROM tenant_domains d JOIN tenants t ON t.id = d.tenant_id
    WHERE d.hostname = p_hostname AND d.tenant_id <> p_tenant_id
      AND d.status IN ('verified', 'failing') AND t.deleted_at IS NULL
  )
$$;--> statement-breakpoint

-- The sweep: routed domains whose last check is older than the re-check interval.
CREATE FUNCTION atrium_domains_to_recheck(p_checked_before timestamptz)
RETURNS TABLE (tenant_id uuid, domain_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT d.tenant_id, d.id FROM tenant_domains d JOIN tenants t ON t.id = d.tenant_id
  WHERE d.status IN ('verified', 'failing') AND t.deleted_at IS NULL
    AND (d.last_checked_at IS NULL OR d.last_checked_at < p_checked_before)
  ORDER BY d.last_checked_at NULLS FIRST
  LIMIT 500
$$;--> statement-breakpoint

-- The sweep: exports never started (or whose worker died), and finished ones past their expiry.
CREATE FUNCTION atrium_exports_to_process(p_stale_before timestamptz, p_now timestamptz)
RETURNS TABLE (tenant_id uuid, export_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT e.tenant_id, e.id FROM workspace_exports e
  WHERE (e.status = 'queued' AND e.created_at < p_stale_before)
     OR (e.status = 'running' AND e.started_at < p_stale_before)
     OR (e.expires_at IS NOT NULL AND e.expires_at < p_now)
  LIMIT 100
$$;--> statement-breakpoint

REVOKE ALL ON FUNCTION atrium_tenant_by_domain(text) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION atrium_domain_routed_elsewhere(text, uuid) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION atrium_domains_to_recheck(timestamptz) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION atrium_exports_to_process(timestamptz, timestamptz) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_tenant_by_domain(text) TO atrium_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_domain_routed_elsewhere(text, uuid) TO atrium_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_domains_to_recheck(timestamptz) TO atrium_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_exports_to_process(timestamptz, timestamptz) TO atrium_app;
