import { sql } from "drizzle-orm";
import { boolean, index, jsonb, pgEnum, pgPolicy, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { membershipRole } from "./memberships";
import { ownerRole, tenantIsolation } from "./roles";
import { tenants } from "./tenants";
import { users } from "./users";

/** `oidc` today; a `saml` connection sits beside it later with its own `config` shape. */
export const ssoProtocol = pgEnum("sso_protocol", ["oidc", "saml"]);

/** What was learned from the provider's discovery document when the connection was saved (OIDC). */
export type OidcConnectionConfig = {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  userinfoEndpoint: string | null;
  tokenEndpointAuthMethods: string[] | null;
  clientId: string;
};

export const ssoConnections = pgTable(
  "sso_connections",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    protocol: ssoProtocol("protocol").notNull(),
    /** Protocol-specific settings (OidcConnectionConfig for `oidc`); never secrets. */
    config: jsonb("config").$type<OidcConnectionConfig>().notNull(),
    /** The client secret, AES-256-GCM under a key derived from AUTH_SECRET (server/sso/secret-box.ts). */
    secretCiphertext: text("secret_ciphertext"),
    /** Role given to people who join through this connection (never owner). */
    defaultRole: membershipRole("default_role").notNull().default("member"),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("sso_connections_protocol_key").on(t.tenantId, t.protocol),
    tenantIsolation("sso_connections_isolation", t.tenantId),
    pgPolicy("sso_connections_owner_functions", { to: ownerRole, for: "select", using: sql`true` }),
  ],
);

/** pending until the TXT record is found; a domain is verified by one workspace at a time. */
export const ssoDomainStatus = pgEnum("sso_domain_status", ["pending", "verified"]);

export const ssoDomains = pgTable(
  "sso_domains",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    domain: text("domain").notNull(),
    verificationToken: text("verification_token").notNull(),
    status: ssoDomainStatus("status").notNull().default("pending"),
    lastProblem: text("last_problem"),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    /** When the sweep (or an owner) last found the TXT record in place. */
    lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }),
    /** Since when a verified domain's TXT record has been missing; unverified after DOMAIN_GRACE_HOURS. */
    failingSince: timestamp("failing_since", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("sso_domains_domain_key").on(t.tenantId, t.domain),
    // Sign-in routing and "verified elsewhere" go through atrium_sso_* functions.
    index("sso_domains_domain_idx").on(t.domain),
    tenantIsolation("sso_domains_isolation", t.tenantId),
    pgPolicy("sso_domains_owner_functions", { to: ownerRole, for: "select", using: sql`true` }),
  ],
);

/** Per workspace: whether members must sign in through SSO, and who may still use a password. */
export const ssoPolicies = pgTable(
  "sso_policies",
  {
    tenantId: uuid("tenant_id")
      .primaryKey()
      .references(() => tenants.id, { onDelete: "cascade" }),
    enforced: boolean("enforced").notNull().default(false),
    breakGlassUserId: uuid("break_glass_user_id").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [tenantIsolation("sso_policies_isolation", t.tenantId)],
);

export type SsoConnection = typeof ssoConnections.$inferSelect;
export type SsoDomain = typeof ssoDomains.$inferSelect;
export type SsoPolicy = typeof ssoPolicies.$inferSelect;
