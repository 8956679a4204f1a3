ALTER TABLE "users" ADD COLUMN "operator_role" text;--> statement-breakpoint
-- Two operator roles replace the yes/no flag: every existing operator keeps every right (admin).
UPDATE "users" SET "operator_role" = 'admin' WHERE "is_operator";--> statement-breakpoint
-- The flag stays, derived and read-only, for SQL written against it (drizzle/0030's functions);
-- the application reads and writes operator_role only.
ALTER TABLE "users" DROP COLUMN "is_operator";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "is_operator" boolean GENERATED ALWAYS AS (operator_role IS NOT NULL) STORED;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_operator_role_check" CHECK ("users"."operator_role" in ('support', 'admin'));--> statement-breakpoint
CREATE INDEX "tenants_created_idx" ON "tenants" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "memberships_owner_idx" ON "memberships" USING btree ("tenant_id","user_id") WHERE "memberships"."role" = 'owner';--> statement-breakpoint
CREATE POLICY "usage_rollups_owner_functions" ON "usage_rollups" AS PERMISSIVE FOR SELECT TO "atrium_owner" USING (true);--> statement-breakpoint

-- Operator console (DESIGN.md "Operator path"). Cross-workspace reads for the console go through
-- the SECURITY DEFINER functions below, owned by atrium_owner. Each one first asks
-- atrium_operator_session_check, which refuses unless the caller presents a live session record
-- minted on the console host (admin.*) for a user with an operator role and a second factor,
-- and records the call in operator_audit_events. Session cookies are host-only, so no workspace
-- host ever holds such a session id. The runtime role gains EXECUTE on these functions only:
-- no table grant, no policy for atrium_app, and the statistics view is not readable by it.

-- Per-workspace usage (usage units over the last 30 days) and last activity, for sorting and
-- filtering 10,000+ workspaces without aggregating millions of roll-up rows per page. Refreshed
-- by the operator-stats job (every 5 minutes) through atrium_operator_refresh_workspace_stats().
CREATE MATERIALIZED VIEW operator_workspace_stats AS
  SELECT coalesce(u.tenant_id, k.tenant_id) AS tenant_id,
         coalesce(u.units_30d, 0)::bigint AS units_30d,
         greatest(u.last_usage_at, k.last_key_use_at) AS last_active_at,
         now() AS computed_at
  FROM (
    SELECT r.tenant_id,
           sum(r.quantity) FILTER (WHERE r.metric = 'units' AND r.bucket_start >= now() - interval '30 days') AS units_30d,
           max(r.bucket_start) AS last_usage_at
    FROM usage_rollups r WHERE r.granularity = 'day' GROUP BY r.tenant_id
  ) u
  FULL JOIN (SELECT a.tenant_id, max(a.last_used_at) AS last_key_use_at FROM api_keys a GROUP BY a.tenant_id) k ON k.tenant_id = u.tenant_id;--> statement-breakpoint
CREATE UNIQUE INDEX operator_workspace_stats_tenant_key ON operator_workspace_stats (tenant_id);--> statement-breakpoint
-- The runtime role gets table rights by default (0001): not on this one, only through the functions.
REVOKE ALL ON operator_workspace_stats FROM PUBLIC, atrium_app;--> statement-breakpoint
-- The refresh reads only day roll-ups of the last window (plus each tenant's newest day).
CREATE INDEX IF NOT EXISTS usage_rollups_granularity_bucket_idx ON usage_rollups (granularity, bucket_start) INCLUDE (tenant_id, metric, quantity);--> statement-breakpoint

-- The gate every operator read passes: who (a live console session of an operator with a second
-- factor), what (action, target, filters) and when, written before any row is returned. Not
-- callable by the runtime role directly: only from the definer functions below.
CREATE FUNCTION atrium_operator_session_check(p_session_id uuid, p_action text, p_target text, p_tenant_id uuid, p_metadata jsonb, p_meta jsonb)
RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  v_user uuid;
BEGIN
  SELECT u.id INTO v_user
  FROM auth_sessions s JOIN users u ON u.id = s.user_id
  WHERE s.id = p_session_id
    AND s.revoked_at IS NULL
    AND s.host LIKE 'admin.%'
    -- A customer's custom domain may also start with admin.; its sessions are a workspace's.
    AND NOT EXISTS (SELECT 1 FROM tenant_domains d WHERE lower(d.hostname) = lower(s.host))
    AND u.operator_role IS NOT NULL
    AND (EXISTS (SELECT 1 FROM user_totp t WHERE t.user_id = u.id AND t.confirmed_at IS NOT NULL)
         OR EXISTS (SELECT 1 FROM passkeys p WHERE p.user_id = u.id));
  IF v_user IS NULL THEN
    RAISE EXCEPTION 'operator console session required' USING ERRCODE = '42501';
  END IF;
  INSERT INTO operator_audit_events (actor_user_id, action, target, reason, target_tenant_id, ip, user_agent, metadata)
  VALUES (v_user, p_action, p_target, 'console read', p_tenant_id,
          left(p_meta ->> 'ip', 64), left(p_meta ->> 'userAgent', 512), coalesce(p_metadata, '{}'::jsonb));
  RETURN v_user;
END $$;--> statement-breakpoint

-- Every workspace with what the console shows and sorts by. `p_plans` is the plan catalog
-- (lib/plans.ts, the one source of prices and limits): {"plans": {id: {"monthlyCents", "units"}},
-- "trialPlan", "defaultPlan"}. Internal: no EXECUTE for anyone but its owner. Plain SQL (no SET,
-- not a definer) so the planner inlines it into its callers' queries. The owner's email is looked
-- up by atrium_operator_owner_email for the rows a page returns only (a lookup per workspace
-- costs more than everything else together at 10,000 workspaces).
CREATE FUNCTION atrium_operator_workspace_rows(p_plans jsonb)
RETURNS TABLE (id uuid, slug text, name text, status text, plan_id text, created_at timestamptz, trial_ends_at timestamptz,
               past_due_since timestamptz, deleted_at timestamptz, customer_id text, mrr_cents bigint,
               usage_units bigint, last_active_at timestamptz, over_quota boolean)
LANGUAGE sql STABLE
AS $$
  SELECT w.id, w.slug, w.name, w.status, w.plan_id, w.created_at, w.trial_ends_at, w.past_due_since, w.deleted_at,
         w.customer_id,
         CASE WHEN w.status IN ('active', 'past_due') AND w.deleted_at IS NULL
              THEN CASE WHEN w.billing_interval = 'year'
                        THEN round(coalesce((p_plans -> 'plans' -> w.plan_id ->> 'monthlyCents')::numeric, 0) * 10 / 12)
                        ELSE coalesce((p_plans -> 'plans' -> w.plan_id ->> 'monthlyCents')::numeric, 0) END
              ELSE 0 END::bigint,
         w.units,
         w.last_active_at,
         w.units > coalesce(
           CASE WHEN jsonb_typeof(w.overrides -> 'limits' -> 'usageUnitsPerMonth') = 'string' THEN NULL
                ELSE greatest((w.overrides -> 'limits' ->> 'usageUnitsPerMonth')::numeric, (p_plans -> 'plans' -> w.plan_id ->> 'units')::numeric) END,
           CASE WHEN jsonb_typeof(w.overrides -> 'limits' -> 'usageUnitsPerMonth') = 'string' THEN NULL
                ELSE (p_plans -> 'plans' -> w.plan_id ->> 'units')::numeric END,
           'Infinity'::numeric)
  FROM (
    SELECT t.id, t.slug, t.name, t.status::text AS status,
           CASE WHEN p_plans -> 'plans' ? coalesce(t.plan_id, '') THEN t.plan_id
                WHEN t.status = 'trialing' THEN p_plans ->> 'trialPlan' ELSE p_plans ->> 'defaultPlan' END AS plan_id,
           t.created_at, t.trial_ends_at, t.past_due_since, t.deleted_at, t.plan_overrides AS overrides,
           s.customer_id, s.interval AS billing_interval,
           coalesce(ws.units_30d, 0)::bigint AS units, ws.last_active_at
    FROM public.tenants t
    LEFT JOIN public.subscriptions s ON s.tenant_id = t.id
    LEFT JOIN public.operator_workspace_stats ws ON ws.tenant_id = t.id
  ) w
$$;--> statement-breakpoint

-- A workspace's first owner (the one the console shows). Internal, like the above.
CREATE FUNCTION atrium_operator_owner_email(p_tenant_id uuid)
RETURNS text
LANGUAGE sql STABLE
AS $$
  SELECT u.email FROM public.memberships m JOIN public.users u ON u.id = m.user_id
  WHERE m.tenant_id = p_tenant_id AND m.role = 'owner' ORDER BY m.created_at, u.email LIMIT 1
$$;--> statement-breakpoint

-- The console's workspace list (and its CSV export, page by page). `p_query` (checked by
-- server/operators/list-workspaces.ts, and again here where it matters):
--   q, statuses[], plans[], trialEndingDays, pastDue, overQuota, createdFrom, createdTo,
--   sort (created | mrr | usage | last_active), dir (asc | desc), after {k, id}, limit (1..1000).
-- Every sort key is a bigint (timestamps in epoch microseconds, never-active = -1), so one keyset
-- condition `(key, id) < (after.k, after.id)` serves every sort.
CREATE FUNCTION atrium_operator_list_workspaces(p_session_id uuid, p_query jsonb, p_plans jsonb, p_meta jsonb, p_purpose text)
RETURNS TABLE (id uuid, slug text, name text, status text, plan_id text, created_at timestamptz, trial_ends_at timestamptz,
               past_due_since timestamptz, deleted_at timestamptz, owner_email text, customer_id text, mrr_cents bigint,
               usage_units bigint, last_active_at timestamptz, over_quota boolean, sort_key bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  v_sort text := coalesce(p_query ->> 'sort', 'created');
  v_desc boolean := coalesce(p_query ->> 'dir', 'desc') = 'desc';
  v_limit int := least(greatest(coalesce((p_query ->> 'limit')::int, 50), 1), 1000);
  v_q text := nullif(btrim(p_query ->> 'q'), '');
  v_pattern text;
  v_after_k bigint := (p_query -> 'after' ->> 'k')::bigint;
  v_after_id uuid := (p_query -> 'after' ->> 'id')::uuid;
BEGIN
  IF p_purpose NOT IN ('workspaces.list', 'workspaces.export') THEN
    RAISE EXCEPTION 'unknown purpose' USING ERRCODE = '22023';
  END IF;
  IF v_sort NOT IN ('created', 'mrr', 'usage', 'last_active') THEN
    RAISE EXCEPTION 'unknown sort' USING ERRCODE = '22023';
  END IF;
  PERFORM atrium_operator_session_check(p_session_id, p_purpose, 'workspaces', NULL, p_query - 'after', p_meta);
  IF length(v_q) > 200 THEN
    RAISE EXCEPTION 'search too long' USING ERRCODE = '22023';
  END IF;
  v_pattern := '%' || replace(replace(replace(v_q, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  -- Filters and sort over every workspace (cheap columns only), then the page, then its owners.
  -- Searches by owner email and domain are one semi-join each, not a lookup per workspace.
  RETURN QUERY
  SELECT p.id, p.slug, p.name, p.status, p.plan_id, p.created_at, p.trial_ends_at, p.past_due_since, p.deleted_at,
         atrium_operator_owner_email(p.id), p.customer_id, p.mrr_cents, p.usage_units, p.last_active_at, p.over_quota, p.sort_key
  FROM (
    SELECT r.*
    FROM (
      SELECT w.*,
             CASE v_sort
               WHEN 'mrr' THEN w.mrr_cents
               WHEN 'usage' THEN w.usage_units
               WHEN 'last_active' THEN coalesce((extract(epoch FROM w.last_active_at) * 1000000)::bigint, -1)
               ELSE (extract(epoch FROM w.created_at) * 1000000)::bigint
             END AS sort_key
      FROM atrium_operator_workspace_rows(p_plans) w
      WHERE (v_q IS NULL
             OR w.name ILIKE v_pattern OR w.slug ILIKE v_pattern OR w.customer_id ILIKE v_pattern
             OR w.id IN (SELECT m.tenant_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.role = 'owner' AND u.email ILIKE v_pattern)
             OR w.id IN (SELECT d.tenant_id FROM tenant_domains d WHERE d.hostname ILIKE v_pattern))
        AND (jsonb_typeof(p_query -> 'statuses') IS DISTINCT FROM 'array' OR w.status IN (SELECT jsonb_array_elements_text(p_query -> 'statuses')))
        AND (jsonb_typeof(p_query -> 'plans') IS DISTINCT FROM 'array' OR w.plan_id IN (SELECT jsonb_array_elements_text(p_query -> 'plans')))
        AND (p_query ->> 'trialEndingDays' IS NULL
             OR (w.status = 'trialing' AND w.trial_ends_at <= now() + make_interval(days => (p_query ->> 'trialEndingDays')::int)))
        AND (coalesce((p_query ->> 'pastDue')::boolean, false) = false OR w.status = 'past_due')
        AND (coalesce((p_query ->> 'overQuota')::boolean, false) = false OR w.over_quota)
        AND (p_query ->> 'createdFrom' IS NULL OR w.created_at >= (p_query ->> 'createdFrom')::timestamptz)
        AND (p_query ->> 'createdTo' IS NULL OR w.created_at < (p_query ->> 'createdTo')::timestamptz)
    ) r
    WHERE v_after_id IS NULL
       OR (v_desc AND (r.sort_key, r.id) < (v_after_k, v_after_id))
       OR (NOT v_desc AND (r.sort_key, r.id) > (v_after_k, v_after_id))
    ORDER BY CASE WHEN v_desc THEN r.sort_key END DESC, CASE WHEN v_desc THEN r.id END DESC,
             CASE WHEN NOT v_desc THEN r.sort_key END ASC, CASE WHEN NOT v_desc THEN r.id END ASC
    LIMIT v_limit
  ) p
  ORDER BY CASE WHEN v_desc THEN p.sort_key END DESC, CASE WHEN v_desc THEN p.id END DESC,
           CASE WHEN NOT v_desc THEN p.sort_key END ASC, CASE WHEN NOT v_desc THEN p.id END ASC;
END $$;--> statement-breakpoint

-- One workspace for the console's detail page (audited like the list).
CREATE FUNCTION atrium_operator_get_workspace(p_session_id uuid, p_tenant_id uuid, p_plans jsonb, p_meta jsonb)
RETURNS TABLE (id uuid, slug text, name text, status text, plan_id text, created_at timestamptz, trial_ends_at timestamptz,
               past_due_since timestamptz, deleted_at timestamptz, owner_email text, customer_id text, mrr_cents bigint,
               usage_units bigint, last_active_at timestamptz, over_quota boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  PERFORM atrium_operator_session_check(p_session_id, 'workspace.viewed', 'tenant:' || p_tenant_id, p_tenant_id, '{}'::jsonb, p_meta);
  RETURN QUERY
  SELECT w.id, w.slug, w.name, w.status, w.plan_id, w.created_at, w.trial_ends_at, w.past_due_since, w.deleted_at,
         atrium_operator_owner_email(w.id), w.customer_id, w.mrr_cents, w.usage_units, w.last_active_at, w.over_quota
  FROM atrium_operator_workspace_rows(p_plans) w WHERE w.id = p_tenant_id;
END $$;--> statement-breakpoint

-- The operator-stats job. Reveals nothing; CONCURRENTLY keeps the list readable meanwhile.
CREATE FUNCTION atrium_operator_refresh_workspace_stats()
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  REFRESH MATERIALIZED VIEW CONCURRENTLY operator_workspace_stats;
END $$;--> statement-breakpoint

REVOKE ALL ON FUNCTION atrium_operator_session_check(uuid, text, text, uuid, jsonb, jsonb), atrium_operator_workspace_rows(jsonb), atrium_operator_owner_email(uuid),
  atrium_operator_list_workspaces(uuid, jsonb, jsonb, jsonb, text), atrium_operator_get_workspace(uuid, uuid, jsonb, jsonb),
  atrium_operator_refresh_workspace_stats() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_operator_list_workspaces(uuid, jsonb, jsonb, jsonb, text), atrium_operator_get_workspace(uuid, uuid, jsonb, jsonb),
  atrium_operator_refresh_workspace_stats() TO atrium_app;
