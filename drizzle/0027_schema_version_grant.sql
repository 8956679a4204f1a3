-- Custom SQL migration file, put your code below! --
-- Instances check at boot that every migration they expect is applied (server/db/schema-version.ts),
-- as the runtime role: it may read the migrator's bookkeeping, nothing else in that schema.
GRANT USAGE ON SCHEMA drizzle TO atrium_app;--> statement-breakpoint
GRANT SELECT ON drizzle.__drizzle_migrations TO atrium_app;
