-- Custom SQL migration: what drizzle-kit does not generate.
-- 1) FORCE row-level security, so even the owning role obeys the policies.
ALTER TABLE "tenants" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "memberships" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "audit_events" FORCE ROW LEVEL SECURITY;--> statement-breakpoint

-- 2) The runtime role gets data access only; it owns nothing.
GRANT USAGE ON SCHEMA public TO atrium_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO atrium_app;--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO atrium_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO atrium_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO atrium_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;--> statement-breakpoint

-- 3) The only cross-tenant reads. SECURITY DEFINER runs them as atrium_owner, which the
--    *_owner_functions SELECT policies admit; each returns the minimum the caller needs.
--    TypeScript wrappers: server/db/cross-tenant.ts (each has a test).
CREATE FUNCTION atrium_tenant_by_slug(p_slug text)
RETURNS TABLE (id uuid, slug text, name text, status tenant_status)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT t.id, t.slug, t.name, t.status FROM tenants t WHERE t.slug = p_slug $$;--> statement-breakpoint

CREATE FUNCTION atrium_slug_taken(p_slug text)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT EXISTS (SELECT 1 FROM tenants t WHERE t.slug = p_slug) $$;--> statement-breakpoint

CREATE FUNCTION atrium_user_workspaces(p_user_id uuid)
RETURNS TABLE (tenant_id uuid, slug text, name text, status tenant_status, role membership_role)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT t.id, t.slug, t.name, t.status, m.role
  FROM memberships m JOIN tenants t ON t.id = m.tenant_id
  WHERE m.user_id = p_user_id
  ORDER BY t.name
$$;--> statement-breakpoint

REVOKE ALL ON FUNCTION atrium_tenant_by_slug(text), atrium_slug_taken(text), atrium_user_workspaces(uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_tenant_by_slug(text), atrium_slug_taken(text), atrium_user_workspaces(uuid) TO atrium_app;
