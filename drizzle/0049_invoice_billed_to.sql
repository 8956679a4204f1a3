-- Each invoice keeps the billing details it was issued with (issue 17): its PDF must not change
-- when the workspace's details do later. Null on invoices issued before any were saved.
ALTER TABLE "invoices" ADD COLUMN "billed_to" jsonb;
