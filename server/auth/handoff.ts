import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { authHandoffs } from "../db/schema";
import { normalizeHostname } from "../hosts/parse-host";

// One-time sign-in hand-off between hosts (DESIGN.md): ~60 s, single use, bound to user + host.
export const HANDOFF_TTL_SECONDS = 60;

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type MintHandoffOptions = {
  userId: string;
  targetHost: string;
  /** The session being carried to the other host (its sid); the new session joins its family. */
  parentSessionId?: string | null;
  /** The sign-in came through that workspace's single sign-on (enforced SSO reads it). */
  ssoTenantId?: string | null;
  /** Support access: the grant this hand-off opens (server/support). */
  support?: SupportGrantRef | null;
};

/** A support access grant, as a hand-off carries it (the workspace and the grant's id). */
export type SupportGrantRef = { tenantId: string; grantId: string };

export async function mintHandoff({ userId, targetHost, parentSessionId = null, ssoTenantId = null, support = null }: MintHandoffOptions): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const db = getDb();
  await db.delete(authHandoffs).where(lt(authHandoffs.expiresAt, sql`now() - interval '1 hour'`));
  await db.insert(authHandoffs).values({
    tokenHash: hashToken(token),
    userId,
    targetHost: normalizeHostname(targetHost),
    parentSessionId,
    ssoTenantId,
    supportTenantId: support?.tenantId ?? null,
    supportGrantId: support?.grantId ?? null,
    expiresAt: sql`now() + make_interval(secs => ${HANDOFF_TTL_SECONDS})` as unknown as Date,
  });
  return token;
}

export type RedeemHandoffOptions = { token: string; host: string };

/** Marks the token used and returns its user, or null if unknown, used, expired or for another host. */
export async function redeemHandoff(options: RedeemHandoffOptions): Promise<string | null> {
  return (await redeemHandoffGrant(options))?.userId ?? null;
}

export type HandoffGrant = { userId: string; parentSessionId: string | null; ssoTenantId: string | null; support: SupportGrantRef | null };

/** As redeemHandoff, with the session the hand-off continues, whether it came through a workspace's single sign-on, and the support access it opens. */
export async function redeemHandoffGrant({ token, host }: RedeemHandoffOptions): Promise<HandoffGrant | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [row] = await getDb()
    .update(authHandoffs)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(authHandoffs.tokenHash, hashToken(token)),
        eq(authHandoffs.targetHost, normalizeHostname(host)),
        isNull(authHandoffs.usedAt),
        gt(authHandoffs.expiresAt, sql`now()`),
      ),
    )
    .returning({
      userId: authHandoffs.userId,
      parentSessionId: authHandoffs.parentSessionId,
      ssoTenantId: authHandoffs.ssoTenantId,
      supportTenantId: authHandoffs.supportTenantId,
      supportGrantId: authHandoffs.supportGrantId,
    });
  if (!row) return null;
  const { supportTenantId, supportGrantId, ...rest } = row;
  return { ...rest, support: supportTenantId && supportGrantId ? { tenantId: supportTenantId, grantId: supportGrantId } : null };
}
