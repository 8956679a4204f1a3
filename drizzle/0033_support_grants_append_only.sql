-- Support access grants are history for the workspace's owners (drizzle/0031): the runtime role
-- could already not delete one, but it could still rewrite any column of a live grant (turn a
-- read-only grant into write access before it is redeemed, change the reason the owners read,
-- move its times). It now writes only what the application writes after the insert: the session
-- that redeemed the grant and the moment it ended.
REVOKE UPDATE ON "support_access_grants" FROM atrium_app;--> statement-breakpoint
GRANT UPDATE ("auth_session_id", "ended_at") ON "support_access_grants" TO atrium_app;
