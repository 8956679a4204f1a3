-- Insights (issue 16): one report per analysis of a workspace (asked for with "Analyse now", or by
-- the nightly job), with its progress while it runs and the computed facts when done. The facts are
-- numbers the page shows with their source; the churn and expansion scores are columns so the
-- operator console can rank workspaces without reading every report's JSON.
CREATE TABLE "insight_reports" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"requested_by" uuid,
	"period_start" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"stage" text,
	"facts" jsonb,
	"summary" text,
	"churn_score" integer,
	"expansion_score" integer,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "insight_reports_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "insight_reports_status_check" CHECK ("insight_reports"."status" IN ('queued', 'running', 'done', 'failed')),
	CONSTRAINT "insight_reports_progress_check" CHECK ("insight_reports"."progress" BETWEEN 0 AND 100),
	CONSTRAINT "insight_reports_scores_check" CHECK (("insight_reports"."churn_score" IS NULL OR "insight_reports"."churn_score" BETWEEN 0 AND 100) AND ("insight_reports"."expansion_score" IS NULL OR "insight_reports"."expansion_score" BETWEEN 0 AND 100))
);
--> statement-breakpoint
ALTER TABLE "insight_reports" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "insight_reports" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "insight_reports" ADD CONSTRAINT "insight_reports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_reports" ADD CONSTRAINT "insight_reports_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "insight_reports_tenant_created_idx" ON "insight_reports" USING btree ("tenant_id","created_at");--> statement-breakpoint
-- One analysis waiting or running per workspace: a second "Analyse now" (two tabs, a double click) joins it.
CREATE UNIQUE INDEX "insight_reports_active_key" ON "insight_reports" USING btree ("tenant_id") WHERE "insight_reports"."status" IN ('queued', 'running');--> statement-breakpoint
CREATE POLICY "insight_reports_isolation" ON "insight_reports" AS PERMISSIVE FOR ALL TO "atrium_app" USING ("insight_reports"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("insight_reports"."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "insight_reports_owner_functions" ON "insight_reports" AS PERMISSIVE FOR SELECT TO "atrium_owner" USING (true);--> statement-breakpoint
-- The nightly job's work list: workspaces (not deleted) with no report since `before`, the longest
-- unanalysed first, so a night cut short by its time budget starts with the rest the next night.
CREATE FUNCTION atrium_insight_workspaces_due(before timestamptz, max_rows integer)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT t.id FROM tenants t
  LEFT JOIN LATERAL (SELECT max(r.created_at) AS last FROM insight_reports r WHERE r.tenant_id = t.id) r ON true
  WHERE t.deleted_at IS NULL AND (r.last IS NULL OR r.last < before)
  ORDER BY r.last NULLS FIRST, t.id
  LIMIT least(greatest(max_rows, 1), 1000)
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION atrium_insight_workspaces_due(timestamptz, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION atrium_insight_workspaces_due(timestamptz, integer) TO atrium_app;
