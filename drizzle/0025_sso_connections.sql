CREATE TYPE "public"."sso_domain_status" AS ENUM('pending', 'verified');--> statement-breakpoint
CREATE TYPE "public"."sso_protocol" AS ENUM('oidc', 'saml');--> statement-breakpoint
CREATE TABLE "sso_connections" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"protocol" "sso_protocol" NOT NULL,
	"config" jsonb NOT NULL,
	"secret_ciphertext" text,
	"default_role" "membership_role" DEFAULT 'member' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sso_connections_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "sso_connections" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "sso_domains" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"domain" text NOT NULL,
	"verification_token" text NOT NULL,
	"status" "sso_domain_status" DEFAULT 'pending' NOT NULL,
	"last_problem" text,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sso_domains_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "sso_domains" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "sso_policies" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"enforced" boolean DEFAULT false NOT NULL,
	"break_glass_user_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sso_policies" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "auth_handoffs" ADD COLUMN "sso_tenant_id" uuid;--> statement-breakpoint
ALTER TABLE "sso_connections" ADD CONSTRAINT "sso_connections_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_domains" ADD CONSTRAINT "sso_domains_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_policies" ADD CONSTRAINT "sso_policies_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_policies" ADD CONSTRAINT "sso_policies_break_glass_user_id_users_id_fk" FOREIGN KEY ("break_glass_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sso_connections_protocol_key" ON "sso_connections" USING btree ("tenant_id","protocol");--> statement-breakpoint
CREATE UNIQUE INDEX "sso_domains_domain_key" ON "sso_domains" USING btree ("tenant_id","domain");--> statement-breakpoint
CREATE INDEX "sso_domains_domain_idx" ON "sso_domains" USING btree ("domain");--> statement-breakpoint
CREATE POLICY "sso_connections_isolation" ON "sso_connections" AS PERMISSIVE FOR ALL TO "atrium_app" USING ("sso_connections"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("sso_connections"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "sso_connections_owner_functions" ON "sso_connections" AS PERMISSIVE FOR SELECT TO "atrium_owner" USING (true);--> statement-breakpoint
CREATE POLICY "sso_domains_isolation" ON "sso_domains" AS PERMISSIVE FOR ALL TO "atrium_app" USING ("sso_domains"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("sso_domains"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "sso_domains_owner_functions" ON "sso_domains" AS PERMISSIVE FOR SELECT TO "atrium_owner" USING (true);--> statement-breakpoint
CREATE POLICY "sso_policies_isolation" ON "sso_policies" AS PERMISSIVE FOR ALL TO "atrium_app" USING ("sso_policies"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("sso_policies"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- Hand-written: FORCE RLS on the new tenant tables, and the two cross-tenant reads SSO needs.
ALTER TABLE "sso_connections" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "sso_domains" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "sso_policies" FORCE ROW LEVEL SECURITY;--> statement-breakpoint

-- Sign-in routing: the workspace (and its enabled connection) that verified an email domain.
CREATE FUNCTION atrium_sso_route_for_domain(p_domain text)
RETURNS TABLE (tenant_id uuid, slug text, connection_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT t.id, t.slug, c.id
  FROM sso_domains d
  JOIN tenants t ON t.id = d.tenant_id
  JOIN sso_connections c ON c.tenant_id = d.tenant_id AND c.enabled
  WHERE d.domain = p_domain AND d.status = 'verified' AND t.deleted_at IS NULL
  ORDER BY d.verified_at, c.created_at
  LIMIT 1
$$;--> statement-breakpoint

-- Verifying an email domain: has another (live) workspace verified it already?
CREATE FUNCTION atrium_sso_domain_verified_elsewhere(p_domain text, p_tenant_id uuid)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT EXISTS (
    SELECT 1 FROM sso_domains d JOIN tenants t ON t.id = d.tenant_id
    WHERE d.domain = p_domain AND d.tenant_id <> p_tenant_id AND d.status = 'verified' AND t.deleted_at IS NULL
  )
$$;--> statement-breakpoint

REVOKE ALL ON FUNCTION atrium_sso_route_for_domain(text) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION atrium_sso_domain_verified_elsewhere(text, uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_sso_route_for_domain(text) TO atrium_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_sso_domain_verified_elsewhere(text, uuid) TO atrium_app;
