#!/bin/sh
# Run once by the postgres image on an empty data directory (docker-entrypoint-initdb.d): the two
# roles Atrium expects (README: Using your own PostgreSQL) and its database. The owner role runs
# migrations; the app role serves and must be neither superuser, BYPASSRLS nor a table owner.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$ATRIUM_OWNER_PASSWORD" -v app_password="$ATRIUM_APP_PASSWORD" <<'SQL'
CREATE ROLE atrium_owner LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE atrium_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOINHERIT PASSWORD :'app_password';
-- The app sets its own statement_timeout when it connects, except through PgBouncer (README).
ALTER ROLE atrium_app SET statement_timeout = '15s';
CREATE DATABASE atrium OWNER atrium_owner;
REVOKE CONNECT ON DATABASE atrium FROM PUBLIC;
GRANT CONNECT ON DATABASE atrium TO atrium_app;
SQL
