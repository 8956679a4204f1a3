-- Issue 13. Two changes to the operator console's database path (drizzle/0028).

-- 1. Refused console reads leave a record. atrium_operator_session_check raises on a refused
-- session, which aborts the statement and with it anything it wrote, so a refusal was invisible
-- in the operator audit log. The application, on a refusal (SQLSTATE 42501), calls this function
-- in a statement of its own. It only inserts, returns nothing (so it tells the caller nothing
-- about the session it was given), and records only a call that really is refused: for a live
-- console session of an operator with a second factor it writes nothing. The runtime role could
-- already insert into operator_audit_events; it gains no read.
CREATE FUNCTION atrium_operator_record_refusal(p_session_id uuid, p_action text, p_target text, p_tenant_id uuid, p_meta jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  v_user uuid;
  v_cause text;
BEGIN
  IF p_action NOT IN ('workspaces.list', 'workspaces.export', 'workspace.viewed', 'revenue.read') THEN
    RAISE EXCEPTION 'unknown console read' USING ERRCODE = '22023';
  END IF;
  -- The same conditions as atrium_operator_session_check, in its order, named.
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
END $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION atrium_operator_record_refusal(uuid, text, text, uuid, jsonb) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_operator_record_refusal(uuid, text, text, uuid, jsonb) TO atrium_app;--> statement-breakpoint

-- 2. The statistics refresh was callable by the runtime role at will: any code path (or anyone
-- who can run SQL as that role) could run REFRESH MATERIALIZED VIEW over every workspace's usage
-- in a loop. Now it runs only on behalf of an operator-stats job that a worker has claimed (the
-- job id it presents is an active pg-boss job of that queue), and at most once a minute whatever
-- the caller, so the cost stays bounded even if the job context were forged.
DROP FUNCTION atrium_operator_refresh_workspace_stats();--> statement-breakpoint
CREATE FUNCTION atrium_operator_refresh_workspace_stats(p_job_id uuid)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pgboss.job j WHERE j.name = 'operator-stats' AND j.id = p_job_id AND j.state = 'active') THEN
    RAISE EXCEPTION 'only a running operator-stats job refreshes the console statistics' USING ERRCODE = '42501';
  END IF;
  IF (SELECT max(s.computed_at) FROM operator_workspace_stats s) > now() - interval '1 minute' THEN
    RETURN false;
  END IF;
  REFRESH MATERIALIZED VIEW CONCURRENTLY operator_workspace_stats;
  RETURN true;
END $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION atrium_operator_refresh_workspace_stats(uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_operator_refresh_workspace_stats(uuid) TO atrium_app;
