-- Sign-in lands in the workspace a person used last (issue 17): the workspace whose host they were
-- last signed in on through a hand-off (server/auth/config.ts), written on that path only, never
-- on a dashboard render. users is platform-wide (no tenant_id, no row-level security), so the
-- column needs no policy and atrium_app's table grants (drizzle/0001) already cover it. No
-- foreign key: a platform table pointing into tenant data would not distribute on Citus, and
-- every read re-checks the id against the person's live memberships (atrium_user_workspaces,
-- which leaves deleted workspaces out), so a stale id only means "the list, as before".
ALTER TABLE "users" ADD COLUMN "last_tenant_id" uuid;
