import { sql } from "drizzle-orm";
import { boolean, check, index, jsonb, pgEnum, pgPolicy, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { PlanOverrides } from "../../billing/entitlements";
import { WORKSPACE_STATUSES } from "../../../lib/workspace-policy";
import type { Currency } from "../../../lib/plans";
import { ownerRole, tenantIsolation } from "./roles";

// The lifecycle statuses are defined once, with what each may still do (lib/workspace-policy.ts).
export const tenantStatus = pgEnum("tenant_status", WORKSPACE_STATUSES);

export const tenants = pgTable(
  "tenants",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    status: tenantStatus("status").notNull().default("trialing"),
    planId: text("plan_id"),
    trialEndsAt: timestamp("trial_ends_at", { withTimezone: true }),
    /** Set when the tenant entered past_due; the grace period counts from here. */
    pastDueSince: timestamp("past_due_since", { withTimezone: true }),
    /** Set when an owner deletes the workspace: hidden at once, purged after the retention period. */
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    /** Set while an operator holds the workspace suspended: billing events do not lift it, only an operator does. */
    operatorSuspendedAt: timestamp("operator_suspended_at", { withTimezone: true }),
    /** Branding: accent colour (#rrggbb, checked for contrast) and the public page's description. */
    brandColor: text("brand_color"),
    publicDescription: text("public_description"),
    /** Logo: storage key (`logos/{tenant}/{sha256}.{ext}`) and its media type; the key changes with the content. */
    logoKey: text("logo_key"),
    logoContentType: text("logo_content_type"),
    /** Guided setup: the step to resume at, and when it was finished or dismissed (null = still in progress). */
    onboardingStep: text("onboarding_step").notNull().default("details"),
    onboardingCompletedAt: timestamp("onboarding_completed_at", { withTimezone: true }),
    /** Operator grants: features switched on and limits raised for this tenant only. */
    /** What the workspace is billed in (lib/plans.ts CURRENCIES); changeable only without a live subscription. */
    currency: text("currency").$type<Currency>().notNull().default("usd"),
    /** Where invoices go (the Stripe customer's email); null: the provider's default. */
    billingEmail: text("billing_email"),
    /** A tax ID for invoices, as Stripe types it (lib/billing-details.ts), and its value. */
    taxIdType: text("tax_id_type"),
    taxId: text("tax_id"),
    planOverrides: jsonb("plan_overrides").$type<PlanOverrides>().notNull().default({}),
    /**
     * A move to a lower plan under way (server/billing/plan-fit.ts holdPlanFit): until it lands or
     * `pending_plan_until` passes, new members, keys and endpoints are admitted under the lower of
     * both plans' limits, so none slips in between the fit check and the provider's answer.
     */
    pendingPlanId: text("pending_plan_id"),
    pendingPlanUntil: timestamp("pending_plan_until", { withTimezone: true }),
    /** Owners' policy: every member must have a second factor to reach the dashboard (server/two-factor/policy.ts). */
    requireTwoFactor: boolean("require_two_factor").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("tenants_slug_key").on(t.slug),
    check("tenants_currency_check", sql`${t.currency} IN ('usd', 'eur')`),
    // The operator console's default order (newest first) and its created-between filter.
    index("tenants_created_idx").on(t.createdAt, t.id),
    tenantIsolation("tenants_isolation", t.id),
    // Only the SECURITY DEFINER functions in 0001 (owned by atrium_owner) read across tenants.
    pgPolicy("tenants_owner_functions", { to: ownerRole, for: "select", using: sql`true` }),
  ],
);

export type Tenant = typeof tenants.$inferSelect;
export type TenantStatus = (typeof tenantStatus.enumValues)[number];
