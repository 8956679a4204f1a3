-- Custom SQL migration: FORCE RLS on usage_overage, and the reporter's cross-tenant read.
ALTER TABLE "usage_overage" FORCE ROW LEVEL SECURITY;--> statement-breakpoint

-- Overage reporter: tenants with overage not yet reported (ids only; rows are read per tenant).
CREATE FUNCTION atrium_tenants_with_pending_overage(p_limit integer)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT DISTINCT o.tenant_id FROM usage_overage o WHERE o.reported_at IS NULL LIMIT p_limit $$;--> statement-breakpoint

REVOKE ALL ON FUNCTION atrium_tenants_with_pending_overage(integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_tenants_with_pending_overage(integer) TO atrium_app;
