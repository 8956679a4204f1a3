-- The outbox sender claims mail to many (a status incident's subscribers) after everything else
-- (send-pending-emails.ts orders by this expression, then age): an index in that order, over the
-- unsent rows only, so each claim reads the front of it instead of sorting the whole backlog.
CREATE INDEX IF NOT EXISTS "email_outbox_unsent_priority_idx" ON "email_outbox" USING btree ((dedupe_key like 'status-incident:%'), "created_at") WHERE "sent_at" is null;
