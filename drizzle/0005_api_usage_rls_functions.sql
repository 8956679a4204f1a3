-- Custom SQL migration: FORCE RLS on the API and usage tables, and the API-key lookup.
ALTER TABLE "api_keys" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "usage_events" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "usage_rollups" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "usage_alerts" FORCE ROW LEVEL SECURITY;--> statement-breakpoint

-- The public API: which tenant and scopes an API key (by its SHA-256) belongs to.
CREATE FUNCTION atrium_api_key_by_hash(p_key_hash text)
RETURNS TABLE (tenant_id uuid, key_id uuid, scopes text[], expires_at timestamptz, revoked_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT k.tenant_id, k.id, k.scopes, k.expires_at, k.revoked_at FROM api_keys k WHERE k.key_hash = p_key_hash LIMIT 1 $$;--> statement-breakpoint

REVOKE ALL ON FUNCTION atrium_api_key_by_hash(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_api_key_by_hash(text) TO atrium_app;
