-- Each person's time zone (issue 17): the audit log and the usage charts show times in it; null
-- means UTC, as before. An IANA name, checked by the application (lib/time-zone.ts) against the
-- runtime's zone list, which PostgreSQL's own list need not match. users is platform-wide (no
-- row-level security); atrium_app's table grants (drizzle/0001) cover the new column.
ALTER TABLE "users" ADD COLUMN "time_zone" text;
