-- Custom SQL migration: FORCE RLS on invitations, and the accept page's lookup by token.
ALTER TABLE "invitations" FORCE ROW LEVEL SECURITY;--> statement-breakpoint

CREATE FUNCTION atrium_invitation_by_token(p_token_hash text)
RETURNS TABLE (tenant_id uuid, invitation_id uuid, email text, role membership_role, expires_at timestamptz,
               accepted_at timestamptz, revoked_at timestamptz, tenant_slug text, tenant_name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT i.tenant_id, i.id, i.email, i.role, i.expires_at, i.accepted_at, i.revoked_at, t.slug, t.name
  FROM invitations i JOIN tenants t ON t.id = i.tenant_id
  WHERE i.token_hash = p_token_hash
  LIMIT 1
$$;--> statement-breakpoint

REVOKE ALL ON FUNCTION atrium_invitation_by_token(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_invitation_by_token(text) TO atrium_app;
