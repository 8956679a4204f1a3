-- Insights (issue 16), the operator side: the console's ranked lists of churn risk and expansion
-- candidates, read from each workspace's latest finished analysis (drizzle/0042). One audited read
-- across workspaces ('insights.read'); the ranking is by the stored score columns, so no report's
-- JSON is read but the reasons of the rows returned.

-- Per workspace (deleted ones left out) with a finished analysis: what the console shows of it,
-- both scores of its latest done report, the reasons of both (the facts' churn / expansion
-- reasons: the points and figures behind each score) and when it was computed. Ordered by the
-- chosen score ('churn' or 'expansion'), highest first, at most 200 rows. Callable only with an
-- operator's console session; the call is audited first.
CREATE FUNCTION atrium_operator_insight_scores(p_session_id uuid, p_kind text, p_limit integer, p_meta jsonb)
RETURNS TABLE (tenant_id uuid, slug text, name text, plan_id text, status text, churn_score integer, expansion_score integer,
               churn_reasons jsonb, expansion_reasons jsonb, computed_at timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  IF p_kind IS NULL OR p_kind NOT IN ('churn', 'expansion') THEN
    RAISE EXCEPTION 'rank by churn or expansion' USING ERRCODE = '22023';
  END IF;
  IF p_limit IS NULL OR p_limit < 1 OR p_limit > 200 THEN
    RAISE EXCEPTION 'between 1 and 200 rows' USING ERRCODE = '22023';
  END IF;
  PERFORM atrium_operator_session_check(p_session_id, 'insights.read', 'platform', NULL,
    jsonb_build_object('kind', p_kind, 'limit', p_limit), p_meta);

  RETURN QUERY
  WITH latest AS (
    SELECT t.id, t.slug, t.name, t.plan_id, t.status::text AS status, r.id AS report_id, r.churn_score, r.expansion_score, r.finished_at
    FROM tenants t
    JOIN LATERAL (
      SELECT x.id, x.churn_score, x.expansion_score, coalesce(x.finished_at, x.created_at) AS finished_at
      FROM insight_reports x
      WHERE x.tenant_id = t.id AND x.status = 'done'
      ORDER BY x.created_at DESC, x.id DESC
      LIMIT 1
    ) r ON true
    WHERE t.deleted_at IS NULL
  ),
  ranked AS (
    SELECT l.* FROM latest l
    ORDER BY CASE WHEN p_kind = 'churn' THEN l.churn_score ELSE l.expansion_score END DESC NULLS LAST, l.name, l.id
    LIMIT p_limit
  )
  SELECT k.id, k.slug, k.name, k.plan_id, k.status, k.churn_score, k.expansion_score,
         coalesce(f.facts -> 'churn' -> 'reasons', '[]'::jsonb), coalesce(f.facts -> 'expansion' -> 'reasons', '[]'::jsonb), k.finished_at
  FROM ranked k
  JOIN insight_reports f ON f.tenant_id = k.id AND f.id = k.report_id
  ORDER BY CASE WHEN p_kind = 'churn' THEN k.churn_score ELSE k.expansion_score END DESC NULLS LAST, k.name, k.id;
END $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION atrium_operator_insight_scores(uuid, text, integer, jsonb) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_operator_insight_scores(uuid, text, integer, jsonb) TO atrium_app;--> statement-breakpoint

-- A refused insights read is recorded like the other console reads (drizzle/0032, 0037): the same
-- function, one more read it may name.
CREATE OR REPLACE FUNCTION atrium_operator_record_refusal(p_session_id uuid, p_action text, p_target text, p_tenant_id uuid, p_meta jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  v_user uuid;
  v_cause text;
BEGIN
  IF p_action NOT IN ('workspaces.list', 'workspaces.export', 'workspace.viewed', 'revenue.read', 'sla.read', 'insights.read') THEN
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
