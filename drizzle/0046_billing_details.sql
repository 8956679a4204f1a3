-- Billing details (issue 17): the address a workspace's invoices go to and the tax ID printed on
-- them, both sent to the Stripe customer; and each Stripe invoice's PDF link beside its hosted
-- page. tenants and invoices keep their row-level security and atrium_app's table grants
-- (drizzle/0001); new nullable columns rewrite nothing.
ALTER TABLE "tenants" ADD COLUMN "billing_email" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "tax_id_type" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "tax_id" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "pdf_url" text;
