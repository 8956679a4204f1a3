-- The emails consumer (server/email/email-consumer.ts) now sends the receipts, failed-payment,
-- failing-domain, suspension and cancellation emails that each change used to queue itself. It
-- starts after the newest stored event: those were emailed by the change already, and a new
-- consumer's cursor would otherwise start from the first event and send them all again.
INSERT INTO event_consumer_cursors (consumer, last_xid, last_seq)
SELECT 'emails', e.xid, e.seq FROM events e ORDER BY e.xid DESC, e.seq DESC LIMIT 1
ON CONFLICT (consumer) DO NOTHING;
