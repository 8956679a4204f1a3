-- Custom SQL migration: FORCE RLS on the new tenant tables, and the billing cross-tenant reads.
ALTER TABLE "subscriptions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "invoices" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "local_checkout_sessions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint

-- Webhooks: which tenant a billing provider's customer belongs to.
CREATE FUNCTION atrium_tenant_by_billing_customer(p_customer_id text)
RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT s.tenant_id FROM subscriptions s WHERE s.customer_id = p_customer_id LIMIT 1 $$;--> statement-breakpoint

-- Lifecycle sweep: tenants that may need a transition or a reminder. Only ids; the sweep then
-- locks and re-checks each one under its own tenant (FOR UPDATE SKIP LOCKED).
CREATE FUNCTION atrium_lifecycle_candidates(p_trial_horizon timestamptz, p_now timestamptz)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT t.id FROM tenants t
  WHERE (t.status = 'trialing' AND t.trial_ends_at <= p_trial_horizon)
     OR t.status = 'past_due'
  UNION
  SELECT s.tenant_id FROM subscriptions s
  WHERE s.provider = 'local' AND s.status IN ('active', 'past_due') AND s.current_period_end <= p_now
$$;--> statement-breakpoint

REVOKE ALL ON FUNCTION atrium_tenant_by_billing_customer(text), atrium_lifecycle_candidates(timestamptz, timestamptz) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_tenant_by_billing_customer(text), atrium_lifecycle_candidates(timestamptz, timestamptz) TO atrium_app;
