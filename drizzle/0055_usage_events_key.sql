-- usage_events is written 1,000 rows per statement, and its bigserial id was read by nothing: the
-- (tenant_id, id) primary key cost every event a second index entry and a sequence step. The
-- idempotency key, unique per workspace already, becomes the primary key (its index is kept as it
-- is, under the same name, so ON CONFLICT (tenant_id, idempotency_key) still finds it). Dropping
-- a column only marks it: no table rewrite; the index swap holds the table's lock for a moment.
ALTER TABLE "usage_events" DROP CONSTRAINT "usage_events_tenant_id_id_pk";--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_idempotency_key" PRIMARY KEY USING INDEX "usage_events_idempotency_key";--> statement-breakpoint
ALTER TABLE "usage_events" DROP COLUMN "id";
