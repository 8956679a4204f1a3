-- The overage reporter lists the workspaces with something it can report now, oldest first: rows
-- leased or waiting out a backoff are skipped, so 50 workspaces whose reports keep failing (a
-- customer deleted at Stripe, a meter missing) no longer fill every run's list while the others'
-- overage waits for ever.
CREATE OR REPLACE FUNCTION atrium_tenants_with_pending_overage(p_limit integer)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT o.tenant_id FROM usage_overage o
  WHERE o.reported_at IS NULL AND (o.claimed_until IS NULL OR o.claimed_until <= now())
  GROUP BY o.tenant_id
  ORDER BY min(o.created_at)
  LIMIT p_limit
$$;--> statement-breakpoint

REVOKE ALL ON FUNCTION atrium_tenants_with_pending_overage(integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_tenants_with_pending_overage(integer) TO atrium_app;
