import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, count, eq, gt, isNull, sql } from "drizzle-orm";
import * as client from "openid-client";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { recordEvent } from "../events/record-event";
import { admissionLimit, withinLimit } from "../billing/entitlements";
import { consumeOneTimeToken, issueOneTimeToken, peekOneTimeToken, revokeOneTimeTokens } from "../auth/one-time-tokens";
import { forgetSessionVersion } from "../auth/session-version";
import { withTenant } from "../db/with-tenant";
import { invitations, memberships, ssoConnections, ssoDomains, tenants, users } from "../db/schema";
import { revokeInvitationsTo } from "../members/invitations";
import { env } from "../env";
import { originFor } from "../hosts/parse-host";
import { logger } from "../logger";
import { hashPassword } from "../users/password";
import { ZEmail } from "../users/schemas";
import { revokeAllSessions } from "../sessions/revoke-sessions";
import type { SsoErrorCode } from "../../lib/sso-errors";
import { oidcConfiguration } from "./oidc-client";
import { hasSsoFeature } from "./require-sso-feature";
import { openSecret } from "./secret-box";

// The OIDC authorization-code flow with PKCE, state and nonce. The state is a single-use token
// (auth_tokens, purpose sso_state) that carries the nonce, the PKCE verifier, the workspace and
// where to go next; it is also bound to the browser that started it by an httpOnly cookie (only
// its hash is in the token), so a callback link carried to another browser signs nobody in.

export const SSO_STATE_TTL_SECONDS = 600;
export const SSO_CALLBACK_PATH = "/auth/sso/callback";

export class SsoSignInError extends Error {
  constructor(
    readonly code: SsoErrorCode,
    detail?: string,
  ) {
    super(detail ?? code);
    this.name = "SsoSignInError";
  }
}

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

export function ssoCallbackUrl(): string {
  return `${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}${SSO_CALLBACK_PATH}`;
}

async function loadConnection(tenantId: string, connectionId?: string) {
  const [row] = await withTenant(tenantId, (tx) =>
    tx
      .select()
      .from(ssoConnections)
      .where(and(eq(ssoConnections.tenantId, tenantId), eq(ssoConnections.enabled, true), connectionId ? eq(ssoConnections.id, connectionId) : eq(ssoConnections.protocol, "oidc")))
      .limit(1),
  );
  if (!row || !row.secretCiphertext || !(await hasSsoFeature(tenantId))) throw new SsoSignInError("not_available");
  const secret = openSecret(row.secretCiphertext, { tenantId, connectionId: row.id });
  if (secret === null) {
    logger.error("sso client secret cannot be decrypted (AUTH_SECRET changed?)", { tenantId, connectionId: row.id });
    throw new SsoSignInError("not_available");
  }
  return { connection: row, configuration: oidcConfiguration(row.config, secret) };
}

export type BeginSsoOptions = { tenantId: string; next: string; loginHint?: string };
export type BeganSso = { authorizationUrl: string; browserKey: string };

/** Starts a sign-in at the workspace's identity provider; the caller sets `browserKey` as a cookie. */
export async function beginSsoSignIn(options: BeginSsoOptions): Promise<BeganSso> {
  const { connection, configuration } = await loadConnection(options.tenantId);
  const verifier = client.randomPKCECodeVerifier();
  const nonce = client.randomNonce();
  const browserKey = randomBytes(32).toString("base64url");
  const state = await issueOneTimeToken({
    purpose: "sso_state",
    userId: null,
    ttlSeconds: SSO_STATE_TTL_SECONDS,
    data: { tenantId: options.tenantId, connectionId: connection.id, verifier, nonce, next: options.next, browser: sha256(browserKey) },
  });
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: ssoCallbackUrl(),
    scope: "openid email profile",
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    ...(options.loginHint ? { login_hint: options.loginHint } : {}),
  });
  return { authorizationUrl: url.href, browserKey };
}

type StateData = { tenantId: string; connectionId: string; verifier: string; nonce: string; next: string; browser: string };

function stateData(data: Record<string, unknown>): StateData | null {
  const keys = ["tenantId", "connectionId", "verifier", "nonce", "next", "browser"] as const;
  return keys.every((k) => typeof data[k] === "string") ? (data as StateData) : null;
}

export type CompletedSso = { userId: string; tenantId: string; next: string; joined: boolean };

/**
 * The callback: redeems the state (once), checks the browser, exchanges the code, validates the
 * ID token (signature, issuer, audience, expiry, nonce: openid-client), then finds or creates the
 * person and their membership. `callbackUrl` is the callback as the provider called it.
 */
export async function completeSsoSignIn(options: { callbackUrl: URL; browserKey: string | null; meta: RequestMeta }): Promise<CompletedSso> {
  const state = options.callbackUrl.searchParams.get("state") ?? "";
  const token = await consumeOneTimeToken("sso_state", state);
  const data = token ? stateData(token.data) : null;
  if (!data) throw new SsoSignInError("expired");
  const key = options.browserKey ?? "";
  const expected = Buffer.from(data.browser, "hex");
  const actual = Buffer.from(sha256(key), "hex");
  if (!key || expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw new SsoSignInError("browser_mismatch");
  const idpError = options.callbackUrl.searchParams.get("error");
  if (idpError) throw new SsoSignInError("idp_error", `${idpError.slice(0, 100)}: ${(options.callbackUrl.searchParams.get("error_description") ?? "").slice(0, 300)}`);

  const { configuration } = await loadConnection(data.tenantId, data.connectionId);
  let claims: client.IDToken;
  try {
    const tokens = await client.authorizationCodeGrant(configuration, options.callbackUrl, {
      pkceCodeVerifier: data.verifier,
      expectedState: state,
      expectedNonce: data.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error("no ID token");
    claims = idClaims;
  } catch (error) {
    logger.warn("sso code exchange or ID token check failed", { tenantId: data.tenantId, error });
    throw new SsoSignInError("token_invalid");
  }
  const parsedEmail = ZEmail.safeParse(typeof claims.email === "string" ? claims.email : "");
  if (!parsedEmail.success) throw new SsoSignInError("email_missing");
  const name = typeof claims.name === "string" ? claims.name : "";
  const provisioned = await provisionSsoMember({ tenantId: data.tenantId, email: parsedEmail.data, name, emailVerified: claims.email_verified === true, subject: claims.sub, meta: options.meta });
  return { ...provisioned, tenantId: data.tenantId, next: data.next };
}

export type ProvisionSsoMemberOptions = { tenantId: string; email: string; name: string; emailVerified: boolean; subject: string; meta: RequestMeta };

/** People the workspace's provider may vouch for, as one person and one membership; safe to run twice at once. */
export async function provisionSsoMember(options: ProvisionSsoMemberOptions): Promise<{ userId: string; joined: boolean }> {
  const email = options.email.toLowerCase();
  const domain = email.slice(email.lastIndexOf("@") + 1);
  // Prepared outside the transaction (argon2 is slow): new accounts get a random password nobody knows.
  const unusablePassword = await hashPassword(randomBytes(32).toString("base64url"));
  let squatterEnded: string | null = null;
  const provisioned = await withTenant(options.tenantId, async (tx) => {
    const [connection] = await tx
      .select()
      .from(ssoConnections)
      .where(and(eq(ssoConnections.tenantId, options.tenantId), eq(ssoConnections.enabled, true)))
      .limit(1);
    if (!connection) throw new SsoSignInError("not_available");
    const [ownDomain] = await tx
      .select({ id: ssoDomains.id })
      .from(ssoDomains)
      .where(and(eq(ssoDomains.tenantId, options.tenantId), eq(ssoDomains.domain, domain), eq(ssoDomains.status, "verified")));
    // The workspace's provider speaks only for the email domains the workspace proved it owns. For
    // any other address (even one the provider calls verified, even an existing member's) an owner
    // running their own provider could otherwise sign in as that person everywhere in Atrium.
    if (!ownDomain) throw new SsoSignInError("account_elsewhere");

    const cleanName = options.name.replace(/[\p{Cc}\p{Cf}]/gu, "").trim().slice(0, 64) || email.slice(0, email.indexOf("@")).slice(0, 64);
    const created = await tx
      .insert(users)
      .values({ email, name: cleanName, passwordHash: unusablePassword, emailVerifiedAt: new Date() })
      .onConflictDoNothing()
      .returning({ id: users.id });
    const [user] = created.length ? created : await tx.select({ id: users.id, verifiedAt: users.emailVerifiedAt }).from(users).where(sql`lower(${users.email}) = ${email}`).for("update");
    if (!user) throw new Error("sso: user neither created nor found");
    if (!created.length && "verifiedAt" in user && !user.verifiedAt) {
      // The first proof that this address's owner is here (the workspace's provider, for its own
      // verified domain). Whoever signed up with the address without it knew the password: it
      // stops working and their sessions end (the version bump).
      await tx.update(users).set({ passwordHash: unusablePassword, emailVerifiedAt: sql`now()`, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() }).where(eq(users.id, user.id));
      // Nor may a change of address they asked for (it needed only that password) take it later.
      await revokeOneTimeTokens(user.id, ["email_change"], tx);
      squatterEnded = user.id;
    }

    const [existing] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.tenantId, options.tenantId), eq(memberships.userId, user.id)));
    if (created.length) {
      await recordAuditEvent(tx, { tenantId: options.tenantId, actorUserId: user.id, action: "sso.user_created", target: `user:${user.id}`, metadata: { email, subject: options.subject.slice(0, 255) }, meta: options.meta });
    }
    if (existing) return { userId: user.id, joined: false };

    // Seats: one lock per workspace keeps the count and the insert together (two callbacks at once).
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, options.tenantId)).for("no key update");
    // Seats as invitations count them (members/invitations.ts): members plus live invitations
    // (except one for this very address, whose seat this sign-in takes).
    const [members] = await tx.select({ n: count() }).from(memberships).where(eq(memberships.tenantId, options.tenantId));
    const [pending] = await tx
      .select({ n: count() })
      .from(invitations)
      .where(and(eq(invitations.tenantId, options.tenantId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, sql`now()`), sql`lower(${invitations.email}) <> ${email}`));
    const seats = { n: (members?.n ?? 0) + (pending?.n ?? 0) };
    if (tenant && !withinLimit(admissionLimit({ ...tenant, overrides: tenant.planOverrides }, "members"), seats?.n ?? 0)) {
      throw new SsoSignInError("seats");
    }
    const inserted = await tx.insert(memberships).values({ tenantId: options.tenantId, userId: user.id, role: connection.defaultRole }).onConflictDoNothing().returning({ userId: memberships.userId });
    if (inserted.length) {
      // The seat count above gave this sign-in the seat of an invitation to the same address: it
      // is used up, and left pending it could later bring the person back with its role.
      await revokeInvitationsTo(tx, { tenantId: options.tenantId, email, actorUserId: user.id, meta: options.meta, reason: "joined by single sign-on" });
      await recordAuditEvent(tx, {
        tenantId: options.tenantId,
        actorUserId: user.id,
        action: "member.added",
        target: `user:${user.id}`,
        metadata: { role: connection.defaultRole, email, via: "sso" },
        meta: options.meta,
      });
      await recordEvent(tx, { tenantId: options.tenantId, type: "member.joined", data: { userId: user.id, email, role: connection.defaultRole }, actor: { type: "user", id: user.id } });
    }
    return { userId: user.id, joined: inserted.length > 0 };
  });
  if (squatterEnded) {
    // After the commit: every instance drops the old version, and the records say they ended.
    forgetSessionVersion(squatterEnded);
    await revokeAllSessions(squatterEnded);
  }
  return provisioned;
}

export const SSO_HANDOFF_TTL_SECONDS = 600;

/** After the first factor (and any second one): a one-time pass to enter the workspace as signed in through its SSO. */
export function issueSsoHandoff(userId: string, tenantId: string, next: string): Promise<string> {
  return issueOneTimeToken({ purpose: "sso_handoff", userId, ttlSeconds: SSO_HANDOFF_TTL_SECONDS, data: { tenantId, next } });
}

/** Redeems that pass for the signed-in user; null when it is not theirs, used or expired. */
export async function redeemSsoHandoff(token: string, userId: string): Promise<{ tenantId: string; next: string } | null> {
  // Peeked first, so a pass opened by another signed-in person is not spent by them.
  const peeked = await peekOneTimeToken("sso_handoff", token);
  if (!peeked || peeked.userId !== userId) return null;
  const row = await consumeOneTimeToken("sso_handoff", token);
  if (!row || typeof row.data.tenantId !== "string") return null;
  return { tenantId: row.data.tenantId, next: typeof row.data.next === "string" ? row.data.next : "/dashboard" };
}
