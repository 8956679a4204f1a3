-- drizzle/0030 dated each backfilled "new" movement from provider_subscriptions, which the owner
-- role running migrations cannot read (FORCE ROW LEVEL SECURITY and no policy for it): the join
-- found nothing and every one fell back to the subscriptions row's creation. Dated again here from
-- when the current subscription started, with FORCE lifted for the statement; all pending
-- migrations run in one transaction, which holds both tables' locks from the ALTERs on, so no
-- other session ever sees either table without FORCE.
ALTER TABLE "provider_subscriptions" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "mrr_movements" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
UPDATE "mrr_movements" m SET "occurred_at" = coalesce(ps."started_at", ps."first_seen_at")
  FROM "provider_subscriptions" ps
  WHERE m."cause" = 'backfill' AND m."kind" = 'new' AND ps."tenant_id" = m."tenant_id" AND ps."subscription_id" = m."subscription_id";--> statement-breakpoint
ALTER TABLE "mrr_movements" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "provider_subscriptions" FORCE ROW LEVEL SECURITY;
