import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { withTenant } from "../db/with-tenant";
import { memberships, ssoConnections, ssoPolicies, tenants, users, type MembershipRole } from "../db/schema";
import { AppError } from "../errors";
import { discoverOidcIssuer } from "./discover-oidc-issuer";
import { forgetSsoPolicy } from "./sso-enforcement";
import { sealSecret } from "./secret-box";
import { hasSsoFeature, requireSsoFeature } from "./require-sso-feature";
import { listSsoDomains, type SsoDomainView } from "./sso-domains";

type Actor = { tenantId: string; actorUserId: string; meta: RequestMeta };

export type SsoSettingsView = {
  allowed: boolean;
  connection: { id: string; issuer: string; clientId: string; secretSet: boolean; defaultRole: MembershipRole; updatedAt: Date } | null;
  domains: SsoDomainView[];
  enforced: boolean;
  breakGlassUserId: string | null;
  owners: { id: string; name: string; email: string }[];
};

/** What the Security settings show. The client secret never leaves the server: only whether it is set. */
export async function getSsoSettings({ tenantId }: { tenantId: string }): Promise<SsoSettingsView> {
  const [allowed, domains] = await Promise.all([hasSsoFeature(tenantId), listSsoDomains({ tenantId })]);
  return withTenant(tenantId, async (tx) => {
    const [connection] = await tx.select().from(ssoConnections).where(and(eq(ssoConnections.tenantId, tenantId), eq(ssoConnections.protocol, "oidc")));
    const [policy] = await tx.select().from(ssoPolicies).where(eq(ssoPolicies.tenantId, tenantId));
    const owners = await tx
      .select({ id: users.id, name: users.name, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, "owner")));
    return {
      allowed,
      connection: connection
        ? { id: connection.id, issuer: connection.config.issuer, clientId: connection.config.clientId, secretSet: !!connection.secretCiphertext, defaultRole: connection.defaultRole, updatedAt: connection.updatedAt }
        : null,
      domains,
      enforced: policy?.enforced ?? false,
      breakGlassUserId: policy?.breakGlassUserId ?? null,
      owners,
    };
  });
}

export type SaveOidcConnectionOptions = Actor & {
  issuer: string;
  clientId: string;
  /** Empty keeps the stored secret (it is never shown again). */
  clientSecret: string;
  defaultRole: Exclude<MembershipRole, "owner">;
};

/** Validates the provider's discovery document, then creates or updates the workspace's OIDC connection. */
export async function saveOidcConnection(options: SaveOidcConnectionOptions): Promise<void> {
  await requireSsoFeature(options.tenantId);
  // The network first, outside any transaction.
  const discovered = await discoverOidcIssuer(options.issuer);
  await withTenant(options.tenantId, async (tx) => {
    await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, options.tenantId)).for("update");
    const [existing] = await tx.select().from(ssoConnections).where(and(eq(ssoConnections.tenantId, options.tenantId), eq(ssoConnections.protocol, "oidc")));
    if (!existing && !options.clientSecret) {
      throw new AppError("BAD_REQUEST", "Enter the client secret.", { fieldErrors: { clientSecret: ["Enter the client secret your identity provider gave you."] } });
    }
    const id = existing?.id ?? randomUUID();
    const config = { ...discovered, clientId: options.clientId };
    const secretCiphertext = options.clientSecret ? sealSecret(options.clientSecret, { tenantId: options.tenantId, connectionId: id }) : existing!.secretCiphertext;
    if (existing) {
      await tx
        .update(ssoConnections)
        .set({ config, secretCiphertext, defaultRole: options.defaultRole, enabled: true, updatedAt: new Date() })
        .where(and(eq(ssoConnections.tenantId, options.tenantId), eq(ssoConnections.id, id)));
    } else {
      await tx.insert(ssoConnections).values({ tenantId: options.tenantId, id, protocol: "oidc", config, secretCiphertext, defaultRole: options.defaultRole });
    }
    await recordAuditEvent(tx, {
      tenantId: options.tenantId,
      actorUserId: options.actorUserId,
      action: existing ? "sso.connection_updated" : "sso.connection_created",
      target: `sso-connection:${id}`,
      metadata: {
        protocol: "oidc",
        issuer: config.issuer,
        clientId: config.clientId,
        defaultRole: options.defaultRole,
        secretChanged: !!options.clientSecret,
        ...(existing ? { previous: { issuer: existing.config.issuer, clientId: existing.config.clientId, defaultRole: existing.defaultRole } } : {}),
      },
      meta: options.meta,
    });
  });
  forgetSsoPolicy(options.tenantId);
}

/** Removes the connection; enforcement ends with it (nobody could sign in otherwise). */
export async function removeSsoConnection(options: Actor): Promise<void> {
  await withTenant(options.tenantId, async (tx) => {
    const [row] = await tx.delete(ssoConnections).where(and(eq(ssoConnections.tenantId, options.tenantId), eq(ssoConnections.protocol, "oidc"))).returning();
    if (!row) throw new AppError("NOT_FOUND", "There is no single sign-on connection.");
    await tx.update(ssoPolicies).set({ enforced: false, updatedAt: new Date() }).where(eq(ssoPolicies.tenantId, options.tenantId));
    await recordAuditEvent(tx, { tenantId: options.tenantId, actorUserId: options.actorUserId, action: "sso.connection_removed", target: `sso-connection:${row.id}`, metadata: { protocol: row.protocol, issuer: row.config.issuer }, meta: options.meta });
  });
  forgetSsoPolicy(options.tenantId);
}

export type SetSsoEnforcementOptions = Actor & { enforced: boolean; breakGlassUserId: string | null };

/**
 * Turns enforcement on or off. On, it needs a connection and a break-glass owner: one owner who
 * may still sign in with a password, so a broken identity provider cannot lock the workspace out.
 */
export async function setSsoEnforcement(options: SetSsoEnforcementOptions): Promise<void> {
  if (options.enforced) await requireSsoFeature(options.tenantId);
  await withTenant(options.tenantId, async (tx) => {
    await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, options.tenantId)).for("update");
    const [previous] = await tx.select().from(ssoPolicies).where(eq(ssoPolicies.tenantId, options.tenantId));
    if (options.enforced) {
      const [connection] = await tx.select({ id: ssoConnections.id }).from(ssoConnections).where(and(eq(ssoConnections.tenantId, options.tenantId), eq(ssoConnections.enabled, true)));
      if (!connection) throw new AppError("BAD_REQUEST", "Set up a single sign-on connection before enforcing it.");
      if (!options.breakGlassUserId) {
        throw new AppError("BAD_REQUEST", "Choose a break-glass owner.", { fieldErrors: { breakGlassUserId: ["Choose the owner who may still sign in with a password."] } });
      }
      const [owner] = await tx
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.tenantId, options.tenantId), eq(memberships.userId, options.breakGlassUserId), eq(memberships.role, "owner")));
      if (!owner) throw new AppError("BAD_REQUEST", "The break-glass account must be an owner of this workspace.", { fieldErrors: { breakGlassUserId: ["Choose one of the owners."] } });
    }
    const values = { enforced: options.enforced, breakGlassUserId: options.enforced ? options.breakGlassUserId : (previous?.breakGlassUserId ?? null), updatedAt: new Date() };
    await tx.insert(ssoPolicies).values({ tenantId: options.tenantId, ...values }).onConflictDoUpdate({ target: ssoPolicies.tenantId, set: values });
    await recordAuditEvent(tx, {
      tenantId: options.tenantId,
      actorUserId: options.actorUserId,
      action: options.enforced ? "sso.enforcement_enabled" : "sso.enforcement_disabled",
      target: `tenant:${options.tenantId}`,
      metadata: { breakGlassUserId: values.breakGlassUserId, previous: previous ? { enforced: previous.enforced, breakGlassUserId: previous.breakGlassUserId } : null },
      meta: options.meta,
    });
  });
  forgetSsoPolicy(options.tenantId);
}
