-- Custom SQL migration: a deleted (pending-purge) workspace is dead everywhere at once. Its API
-- keys no longer resolve and its invitation links no longer open (the rows stay until the purge).
CREATE OR REPLACE FUNCTION atrium_api_key_by_hash(p_key_hash text)
RETURNS TABLE (tenant_id uuid, key_id uuid, scopes text[], expires_at timestamptz, revoked_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT k.tenant_id, k.id, k.scopes, k.expires_at, k.revoked_at
  FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
  WHERE k.key_hash = p_key_hash AND t.deleted_at IS NULL
  LIMIT 1
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION atrium_invitation_by_token(p_token_hash text)
RETURNS TABLE (tenant_id uuid, invitation_id uuid, email text, role membership_role, expires_at timestamptz,
               accepted_at timestamptz, revoked_at timestamptz, tenant_slug text, tenant_name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT i.tenant_id, i.id, i.email, i.role, i.expires_at, i.accepted_at, i.revoked_at, t.slug, t.name
  FROM invitations i JOIN tenants t ON t.id = i.tenant_id
  WHERE i.token_hash = p_token_hash AND t.deleted_at IS NULL
  LIMIT 1
$$;
