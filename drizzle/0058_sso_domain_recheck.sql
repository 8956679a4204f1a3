-- Verified SSO email domains are checked again, as custom domains are: a domain whose TXT record
-- is gone (it lapsed, or changed hands) must stop letting the workspace's identity provider speak
-- for its addresses. The sweep finds the verified ones due through this function (RLS keeps the
-- app role to one workspace at a time); a domain failing for DOMAIN_GRACE_HOURS is unverified.
ALTER TABLE "sso_domains" ADD COLUMN "last_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sso_domains" ADD COLUMN "failing_since" timestamp with time zone;--> statement-breakpoint

CREATE FUNCTION atrium_sso_domains_to_recheck(p_checked_before timestamptz)
RETURNS TABLE (tenant_id uuid, domain_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT d.tenant_id, d.id FROM sso_domains d JOIN tenants t ON t.id = d.tenant_id
  WHERE d.status = 'verified' AND t.deleted_at IS NULL
    AND coalesce(d.last_checked_at, d.verified_at, d.created_at) < p_checked_before
  ORDER BY coalesce(d.last_checked_at, d.verified_at, d.created_at)
  LIMIT 500
$$;--> statement-breakpoint

REVOKE ALL ON FUNCTION atrium_sso_domains_to_recheck(timestamptz) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_sso_domains_to_recheck(timestamptz) TO atrium_app;
