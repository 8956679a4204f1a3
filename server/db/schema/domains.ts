import { sql } from "drizzle-orm";
import { index, pgEnum, pgPolicy, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ownerRole, tenantIsolation } from "./roles";
import { tenants } from "./tenants";

/**
 * pending: added, not yet proven. verified: routes to the tenant. failing: a re-check failed; still
 * routes until the grace period ends (owners are warned). disabled: no longer routes; "Verify" again.
 */
export const domainStatus = pgEnum("domain_status", ["pending", "verified", "failing", "disabled"]);

export const tenantDomains = pgTable(
  "tenant_domains",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    hostname: text("hostname").notNull(),
    /** Goes into the TXT record; not a secret (DNS is public), it only proves control of the zone. */
    verificationToken: text("verification_token").notNull(),
    status: domainStatus("status").notNull().default("pending"),
    /** What the last check found missing, in words for the owner (null when everything was there). */
    lastProblem: text("last_problem"),
    lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    failingSince: timestamp("failing_since", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("tenant_domains_hostname_key").on(t.tenantId, t.hostname),
    // Host resolution and "is it verified elsewhere" go through atrium_tenant_by_domain / atrium_domain_owner.
    index("tenant_domains_hostname_idx").on(t.hostname),
    tenantIsolation("tenant_domains_isolation", t.tenantId),
    pgPolicy("tenant_domains_owner_functions", { to: ownerRole, for: "select", using: sql`true` }),
  ],
);

export type TenantDomain = typeof tenantDomains.$inferSelect;
export type DomainStatus = (typeof domainStatus.enumValues)[number];
