-- Each person's language (issue 17): English or German; null until chosen, when the browser's
-- cookie or Accept-Language decides. It is carried to each host the person enters through a
-- hand-off (the locale cookie is per host). users is platform-wide (no row-level security);
-- atrium_app's table grants (drizzle/0001) cover the new column.
ALTER TABLE "users" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_locale_check" CHECK ("locale" in ('en', 'de'));
