-- Issue 14: the operator console's list of workspaces in breach of their SLA. One audited read per
-- month asked for, over every workspace's request minutes; the SLA itself (terms, platform
-- signals, availability, credit) is computed in lib/sla.ts from what this returns.

-- The definer functions run as atrium_owner, and the table forces row-level security: the owner
-- reads it only through this policy (the runtime role's own policy is unchanged).
CREATE POLICY "workspace_request_minutes_owner_functions" ON "workspace_request_minutes" AS PERMISSIVE FOR SELECT TO "atrium_owner" USING (true);--> statement-breakpoint
-- The month's minutes are read by time across workspaces (the key leads with the workspace).
CREATE INDEX IF NOT EXISTS "workspace_request_minutes_minute_idx" ON "workspace_request_minutes" USING btree ("minute");--> statement-breakpoint

-- Per workspace (deleted ones left out): what the console shows of it, the period's request and
-- 5xx totals and summed latency histogram, and only the minutes bad by its own errors under the
-- rule the caller passes (lib/sla.ts's BAD_MINUTE_MIN_REQUESTS / BAD_MINUTE_ERROR_RATE, so the
-- rule is written once). Surfaces are added before a minute is judged, as lib/sla.ts does.
-- Callable only with an operator's console session; the call is audited ('sla.read') first.
CREATE FUNCTION atrium_operator_sla_minutes(p_session_id uuid, p_from timestamptz, p_to timestamptz, p_min_requests integer, p_error_rate double precision, p_meta jsonb)
RETURNS TABLE (id uuid, slug text, name text, plan_id text, status text, plan_overrides jsonb, created_at timestamptz,
               requests bigint, server_errors bigint, latency_buckets bigint[], error_minutes timestamptz[])
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp SET TimeZone = 'UTC'
AS $$
BEGIN
  IF p_from IS NULL OR p_to IS NULL OR p_to < p_from OR p_to - p_from > interval '31 days' THEN
    RAISE EXCEPTION 'the period must be at most a month' USING ERRCODE = '22023';
  END IF;
  IF p_min_requests IS NULL OR p_min_requests < 1 OR p_error_rate IS NULL OR p_error_rate <= 0 OR p_error_rate > 1 THEN
    RAISE EXCEPTION 'the bad-minute rule is out of range' USING ERRCODE = '22023';
  END IF;
  PERFORM atrium_operator_session_check(p_session_id, 'sla.read', 'platform', NULL,
    jsonb_build_object('from', p_from, 'to', p_to, 'minRequests', p_min_requests, 'errorRate', p_error_rate), p_meta);

  RETURN QUERY
  WITH minutes AS (
    SELECT m.tenant_id, m.minute, sum(m.requests)::bigint AS requests, sum(m.server_errors)::bigint AS server_errors
    FROM workspace_request_minutes m
    WHERE m.minute >= p_from AND m.minute < p_to
    GROUP BY m.tenant_id, m.minute
  ),
  totals AS (
    SELECT x.tenant_id, sum(x.requests)::bigint AS requests, sum(x.server_errors)::bigint AS server_errors,
      -- float8 division, as JavaScript divides: the same minutes are bad on both sides.
      array_agg(x.minute ORDER BY x.minute) FILTER (WHERE x.requests >= p_min_requests AND x.server_errors::float8 / x.requests::float8 >= p_error_rate) AS error_minutes
    FROM minutes x GROUP BY x.tenant_id
  ),
  histograms AS (
    SELECT b.tenant_id, array_agg(b.n ORDER BY b.i) AS latency_buckets
    FROM (
      SELECT m.tenant_id, u.i, sum(u.n)::bigint AS n
      FROM workspace_request_minutes m CROSS JOIN LATERAL unnest(m.latency_buckets) WITH ORDINALITY AS u(n, i)
      WHERE m.minute >= p_from AND m.minute < p_to
      GROUP BY m.tenant_id, u.i
    ) b GROUP BY b.tenant_id
  )
  SELECT t.id, t.slug, t.name, t.plan_id, t.status::text, t.plan_overrides::jsonb, t.created_at,
         coalesce(tt.requests, 0), coalesce(tt.server_errors, 0), coalesce(h.latency_buckets, '{}'::bigint[]),
         coalesce(tt.error_minutes, '{}'::timestamptz[])
  FROM tenants t
  LEFT JOIN totals tt ON tt.tenant_id = t.id
  LEFT JOIN histograms h ON h.tenant_id = t.id
  WHERE t.deleted_at IS NULL AND t.created_at < p_to
  ORDER BY t.created_at, t.id;
END $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION atrium_operator_sla_minutes(uuid, timestamptz, timestamptz, integer, double precision, jsonb) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_operator_sla_minutes(uuid, timestamptz, timestamptz, integer, double precision, jsonb) TO atrium_app;--> statement-breakpoint

-- A refused SLA read is recorded like the other console reads (drizzle/0032): the same function,
-- one more read it may name.
CREATE OR REPLACE FUNCTION atrium_operator_record_refusal(p_session_id uuid, p_action text, p_target text, p_tenant_id uuid, p_meta jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  v_user uuid;
  v_cause text;
BEGIN
  IF p_action NOT IN ('workspaces.list', 'workspaces.export', 'workspace.viewed', 'revenue.read', 'sla.read') THEN
    RAISE EXCEPTION 'unknown console read' USING ERRCODE = '22023';
  END IF;
  SELECT s.user_id,
         CASE WHEN s.revoked_at IS NOT NULL THEN 'session revoked'
              WHEN s.host NOT LIKE 'admin.%'
                   OR EXISTS (SELECT 1 FROM tenant_domains d WHERE lower(d.hostname) = lower(s.host)) THEN 'session of another host'
              WHEN u.operator_role IS NULL THEN 'not an operator'
              WHEN NOT (EXISTS (SELECT 1 FROM user_totp t WHERE t.user_id = u.id AND t.confirmed_at IS NOT NULL)
                        OR EXISTS (SELECT 1 FROM passkeys p WHERE p.user_id = u.id)) THEN 'no second factor'
         END
  INTO v_user, v_cause
  FROM auth_sessions s JOIN users u ON u.id = s.user_id
  WHERE s.id = p_session_id;
  IF NOT FOUND THEN
    v_user := NULL;
    v_cause := 'no such session';
  END IF;
  IF v_cause IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO operator_audit_events (actor_user_id, action, target, reason, target_tenant_id, ip, user_agent, metadata)
  VALUES (v_user, 'console.refused', left(p_target, 200), 'console read refused', p_tenant_id,
          left(p_meta ->> 'ip', 64), left(p_meta ->> 'userAgent', 512), jsonb_build_object('attempted', p_action, 'cause', v_cause));
END $$;
