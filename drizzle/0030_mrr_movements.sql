CREATE TABLE "mrr_movements" (
	"tenant_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"from_cents" bigint NOT NULL,
	"to_cents" bigint NOT NULL,
	"plan_id" text,
	"interval" text,
	"subscription_id" text,
	"cause" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mrr_movements_tenant_id_seq_pk" PRIMARY KEY("tenant_id","seq")
);
--> statement-breakpoint
ALTER TABLE "mrr_movements" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "mrr_movements_occurred_idx" ON "mrr_movements" USING btree ("occurred_at");--> statement-breakpoint
CREATE POLICY "mrr_movements_isolation" ON "mrr_movements" AS PERMISSIVE FOR ALL TO "atrium_app" USING ("mrr_movements"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("mrr_movements"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "mrr_movements_owner_functions" ON "mrr_movements" AS PERMISSIVE FOR SELECT TO "atrium_owner" USING (true);--> statement-breakpoint
-- Hand-written from here: FORCE RLS, the ledger is append-only for the runtime role, a backfill of
-- what can be known, and the operator's aggregate read.
REVOKE UPDATE, DELETE, TRUNCATE ON "mrr_movements" FROM atrium_app;--> statement-breakpoint
ALTER TABLE "mrr_movements" ADD CONSTRAINT "mrr_movements_kind_check" CHECK ("kind" IN ('new', 'expansion', 'contraction', 'churn', 'reactivation'));--> statement-breakpoint

-- Backfill: earlier changes were never recorded with amounts, so each workspace that pays today
-- gets one "new" movement at the start of its current subscription, priced from the catalog as it
-- stands in lib/plans.ts (yearly = 10 x monthly, normalised to a month). Past churn and plan
-- changes before this migration are not reconstructed.
INSERT INTO "mrr_movements" ("tenant_id", "seq", "occurred_at", "kind", "from_cents", "to_cents", "plan_id", "interval", "subscription_id", "cause")
SELECT s."tenant_id", 1, coalesce(ps."started_at", ps."first_seen_at", s."created_at"), 'new', 0, x."cents", s."plan_id", s."interval", s."subscription_id", 'backfill'
FROM "subscriptions" s
LEFT JOIN "provider_subscriptions" ps ON ps."tenant_id" = s."tenant_id" AND ps."subscription_id" = s."subscription_id"
CROSS JOIN LATERAL (
  SELECT round((CASE s."plan_id" WHEN 'starter' THEN 2900 WHEN 'pro' THEN 9900 WHEN 'enterprise' THEN 29900 ELSE 0 END)
    * (CASE WHEN s."interval" = 'year' THEN 10.0 / 12 ELSE 1 END))::bigint AS "cents"
) x
WHERE s."status" IN ('active', 'past_due') AND x."cents" > 0;--> statement-breakpoint
-- Forced only now: the owner running this migration has no INSERT policy, so a backfill after
-- FORCE fails on any database that already has paying workspaces (an upgrade, not a fresh one).
ALTER TABLE "mrr_movements" FORCE ROW LEVEL SECURITY;--> statement-breakpoint

-- The operator console's revenue figures: aggregates only (sums and counts per month, per status,
-- per plan), never a workspace's id or name. Callable only with an operator's console session, and
-- every call is written to operator_audit_events first, so no caller can read without a trace.
CREATE FUNCTION atrium_operator_revenue(p_session_id uuid, p_months integer, p_now timestamptz, p_meta jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp SET TimeZone = 'UTC'
AS $$
DECLARE
  v_first timestamptz;
  v_result jsonb;
BEGIN
  IF p_months IS NULL OR p_months < 1 OR p_months > 36 THEN
    RAISE EXCEPTION 'months must be between 1 and 36' USING ERRCODE = '22023';
  END IF;
  -- The console's own check (drizzle/0028): a live console session of an operator with a second
  -- factor, or 42501; it writes the audit row (who, address, browser) before anything is read.
  PERFORM atrium_operator_session_check(p_session_id, 'revenue.read', 'platform', NULL, jsonb_build_object('months', p_months), p_meta);

  v_first := (date_trunc('month', p_now AT TIME ZONE 'UTC') - make_interval(months => p_months - 1)) AT TIME ZONE 'UTC';

  WITH months AS (
    SELECT v_first + make_interval(months => i) AS month_start, v_first + make_interval(months => i + 1) AS month_end
    FROM generate_series(0, p_months - 1) AS i
  ),
  moved AS (
    SELECT m.month_start,
      coalesce(sum(v.to_cents - v.from_cents) FILTER (WHERE v.kind = 'new'), 0) AS new_cents,
      coalesce(sum(v.to_cents - v.from_cents) FILTER (WHERE v.kind = 'expansion'), 0) AS expansion_cents,
      coalesce(sum(v.to_cents - v.from_cents) FILTER (WHERE v.kind = 'contraction'), 0) AS contraction_cents,
      coalesce(sum(v.to_cents - v.from_cents) FILTER (WHERE v.kind = 'churn'), 0) AS churn_cents,
      coalesce(sum(v.to_cents - v.from_cents) FILTER (WHERE v.kind = 'reactivation'), 0) AS reactivation_cents,
      count(DISTINCT v.tenant_id) FILTER (WHERE v.kind = 'new') AS new_logos,
      count(DISTINCT v.tenant_id) FILTER (WHERE v.kind = 'churn') AS churned_logos,
      count(DISTINCT v.tenant_id) FILTER (WHERE v.kind = 'reactivation') AS reactivated_logos
    FROM months m
    LEFT JOIN mrr_movements v ON v.occurred_at >= m.month_start AND v.occurred_at < m.month_end AND v.occurred_at <= p_now
    GROUP BY m.month_start
  ),
  -- Each movement holds from its time until the workspace's next one: the MRR at any moment is
  -- the sum of the spans that cover it (one pass, no per-boundary sort).
  spans AS (
    SELECT x.tenant_id, x.to_cents, x.plan_id, x.interval, x.occurred_at AS from_at,
      lead(x.occurred_at) OVER (PARTITION BY x.tenant_id ORDER BY x.seq) AS until_at
    FROM mrr_movements x WHERE x.occurred_at <= p_now
  ),
  boundaries AS (
    SELECT m.month_start, b.until, b.side
    FROM months m CROSS JOIN LATERAL (VALUES (m.month_start, 'opening'), (m.month_end, 'closing')) AS b(until, side)
  ),
  levels AS (
    SELECT b.month_start, b.side, coalesce(sum(s.to_cents), 0) AS mrr_cents, count(*) FILTER (WHERE s.to_cents > 0) AS paying
    FROM boundaries b
    LEFT JOIN spans s ON s.from_at < b.until AND (s.until_at IS NULL OR s.until_at >= b.until)
    GROUP BY b.month_start, b.side
  ),
  latest AS (
    SELECT s.to_cents, s.plan_id, s.interval FROM spans s WHERE s.until_at IS NULL
  ),
  first_paid AS (
    SELECT x.tenant_id, min(x.occurred_at) AS at FROM mrr_movements x WHERE x.to_cents > 0 GROUP BY x.tenant_id
  )
  SELECT jsonb_build_object(
    'months', (
      SELECT jsonb_agg(jsonb_build_object(
        'month', to_char(mv.month_start AT TIME ZONE 'UTC', 'YYYY-MM'),
        'newCents', mv.new_cents, 'expansionCents', mv.expansion_cents, 'contractionCents', mv.contraction_cents,
        'churnCents', mv.churn_cents, 'reactivationCents', mv.reactivation_cents,
        'newLogos', mv.new_logos, 'churnedLogos', mv.churned_logos, 'reactivatedLogos', mv.reactivated_logos,
        'openingMrrCents', o.mrr_cents, 'openingPaying', o.paying, 'closingMrrCents', c.mrr_cents, 'closingPaying', c.paying
      ) ORDER BY mv.month_start)
      FROM moved mv
      JOIN levels o ON o.month_start = mv.month_start AND o.side = 'opening'
      JOIN levels c ON c.month_start = mv.month_start AND c.side = 'closing'
    ),
    'statuses', coalesce((
      SELECT jsonb_agg(jsonb_build_object('status', s.status, 'count', s.n) ORDER BY s.status)
      FROM (SELECT t.status::text AS status, count(*) AS n FROM tenants t WHERE t.deleted_at IS NULL GROUP BY t.status) s
    ), '[]'::jsonb),
    'plans', coalesce((
      SELECT jsonb_agg(jsonb_build_object('planId', p.plan_id, 'interval', p.interval, 'accounts', p.n, 'mrrCents', p.mrr) ORDER BY p.mrr DESC, p.plan_id, p.interval)
      FROM (SELECT l.plan_id, l.interval, count(*) AS n, sum(l.to_cents) AS mrr FROM latest l WHERE l.to_cents > 0 GROUP BY l.plan_id, l.interval) p
    ), '[]'::jsonb),
    'trials', (
      SELECT jsonb_build_object(
        'started', count(*),
        'decided', count(*) FILTER (WHERE f.at IS NOT NULL OR t.trial_ends_at <= p_now),
        'converted', count(*) FILTER (WHERE f.at IS NOT NULL)
      )
      FROM tenants t LEFT JOIN first_paid f ON f.tenant_id = t.id AND f.at >= t.created_at
      WHERE t.created_at >= v_first AND t.created_at <= p_now
    )
  ) INTO v_result;
  RETURN v_result;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION atrium_operator_revenue(uuid, integer, timestamptz, jsonb) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_operator_revenue(uuid, integer, timestamptz, jsonb) TO atrium_app;
