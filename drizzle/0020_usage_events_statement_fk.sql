-- usage_events is the one tenant table written 1,000 rows at a time, and a row-level foreign key
-- checks (and locks) the parent once per row: about a third of the database's work per batch.
-- The same rule, once per statement: every referenced workspace is locked FOR KEY SHARE until
-- commit (a concurrent delete of the workspace waits, as it would for the foreign key) and a row
-- whose workspace does not exist is refused with foreign_key_violation; deleting a workspace
-- deletes its events, as ON DELETE CASCADE did. The functions run as the caller, under row-level
-- security: the app role only ever writes events of, and deletes, the workspace of its
-- transaction (withTenant), whose row it can see.
ALTER TABLE "usage_events" DROP CONSTRAINT "usage_events_tenant_id_tenants_id_fk";--> statement-breakpoint

CREATE FUNCTION atrium_usage_events_tenant_exists() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
BEGIN
  PERFORM 1 FROM tenants t WHERE t.id IN (SELECT DISTINCT n.tenant_id FROM new_rows n) FOR KEY SHARE OF t;
  IF EXISTS (SELECT 1 FROM (SELECT DISTINCT n.tenant_id FROM new_rows n) n WHERE NOT EXISTS (SELECT 1 FROM tenants t WHERE t.id = n.tenant_id)) THEN
    RAISE foreign_key_violation USING
      MESSAGE = 'insert or update on table "usage_events" violates its reference to "tenants"',
      TABLE = 'usage_events',
      CONSTRAINT = 'usage_events_tenant_id_tenants_id_fk';
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint

CREATE TRIGGER usage_events_tenant_exists_insert AFTER INSERT ON usage_events
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION atrium_usage_events_tenant_exists();--> statement-breakpoint

CREATE TRIGGER usage_events_tenant_exists_update AFTER UPDATE ON usage_events
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION atrium_usage_events_tenant_exists();--> statement-breakpoint

CREATE FUNCTION atrium_tenants_delete_usage_events() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
BEGIN
  DELETE FROM usage_events e USING old_rows o WHERE e.tenant_id = o.id;
  RETURN NULL;
END
$$;--> statement-breakpoint

CREATE TRIGGER tenants_delete_usage_events AFTER DELETE ON tenants
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION atrium_tenants_delete_usage_events();--> statement-breakpoint

REVOKE ALL ON FUNCTION atrium_usage_events_tenant_exists(), atrium_tenants_delete_usage_events() FROM PUBLIC;
