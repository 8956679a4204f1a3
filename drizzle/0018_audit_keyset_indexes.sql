DROP INDEX "audit_events_tenant_created_idx";--> statement-breakpoint
CREATE INDEX "audit_events_tenant_action_created_idx" ON "audit_events" USING btree ("tenant_id","action","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_tenant_actor_created_idx" ON "audit_events" USING btree ("tenant_id","actor_user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_tenant_created_idx" ON "audit_events" USING btree ("tenant_id","created_at","id");