import { randomBytes } from "node:crypto";
import { and, eq, sql, TransactionRollbackError } from "drizzle-orm";
import { getDb } from "../db/client";
import { authIdentities, users } from "../db/schema";
import { hashPassword } from "../users/password";
import { ZPersonName } from "../users/schemas";
import type { OAuthIdentity } from "./profile-identity";

export type OAuthRefusal = "no_verified_email" | "account_unverified" | "other_identity";

// The sign-in page words each refusal (components/auth/oauth-sign-in.tsx, `?error=oauth_{reason}`).
export type OAuthResolution = { ok: true; userId: string; created: boolean; linked: boolean } | { ok: false; reason: OAuthRefusal };

function displayNameFor(identity: OAuthIdentity, email: string): string {
  for (const candidate of [identity.name, email.split("@")[0]]) {
    const parsed = ZPersonName.safeParse(candidate ?? "");
    if (parsed.success) return parsed.data;
  }
  return "New member";
}

/**
 * Who a provider's account signs in as. A known identity is its user. Otherwise only a
 * provider-verified email counts: it links to the account with that email when that account's
 * own address is verified too (an unverified account may have been registered by someone else,
 * who holds its password), or creates a new, verified account. No verified email: refused.
 */
export async function resolveOAuthUser(identity: OAuthIdentity): Promise<OAuthResolution> {
  const db = getDb();
  const [existing] = await db
        .select({ userId: authIdentities.userId })
        .from(authIdentities)
        .where(and(eq(authIdentities.provider, identity.provider), eq(authIdentities.providerAccountId, identity.providerAccountId)));
  if (existing) return { ok: true, userId: existing.userId, created: false, linked: false };
  const email = identity.verifiedEmail;
  if (!email) return { ok: false, reason: "no_verified_email" };

  // Nobody signs in with this password: an account made here is entered through the provider
  // (or a password reset). Hashed all the same, so a password attempt costs the usual time.
  const passwordHash = await hashPassword(randomBytes(32).toString("base64url"));
  // A concurrent first sign-in of the same person may create the account or the link first:
  // then the second attempt finds it.
  for (let attempt = 0; ; attempt++) {
    const result = await linkOrCreate(identity, email, passwordHash);
    if (result !== RETRY || attempt >= 2) return result === RETRY ? { ok: false, reason: "other_identity" } : result;
  }
}

const RETRY = Symbol("retry");

async function linkOrCreate(identity: OAuthIdentity, email: string, passwordHash: string): Promise<OAuthResolution | typeof RETRY> {
  const db = getDb();
  return db
    .transaction(async (tx): Promise<OAuthResolution | typeof RETRY> => {
    const [user] = await tx
      .select({ id: users.id, emailVerifiedAt: users.emailVerifiedAt })
      .from(users)
      .where(eq(sql`lower(${users.email})`, email))
      .for("no key update");
    let userId: string;
    let created = false;
    if (user) {
      if (!user.emailVerifiedAt) return { ok: false, reason: "account_unverified" } as const;
      userId = user.id;
    } else {
      const [inserted] = await tx
        .insert(users)
        .values({ email, name: displayNameFor(identity, email), passwordHash, emailVerifiedAt: sql`now()` as unknown as Date })
        .onConflictDoNothing()
        .returning({ id: users.id });
      if (!inserted) return RETRY;
      userId = inserted.id;
      created = true;
    }
    const linked = await tx
      .insert(authIdentities)
      .values({ provider: identity.provider, providerAccountId: identity.providerAccountId, userId, email })
      .onConflictDoNothing()
      .returning({ userId: authIdentities.userId });
    if (!linked.length) {
      // Either this identity was linked meanwhile (a concurrent first sign-in), or the user has
      // another account of this provider linked.
      const again = await tx
        .select({ userId: authIdentities.userId })
        .from(authIdentities)
        .where(and(eq(authIdentities.provider, identity.provider), eq(authIdentities.providerAccountId, identity.providerAccountId)));
      if (created) tx.rollback();
      if (again[0]) return { ok: true, userId: again[0].userId, created: false, linked: false } as const;
      return { ok: false, reason: "other_identity" } as const;
    }
    return { ok: true, userId, created, linked: !created } as const;
  })
    .catch((error: unknown) => {
      // The account made in this attempt lost a race for the identity: it is rolled back, and
      // the next attempt signs in as whoever won.
      if (error instanceof TransactionRollbackError) return RETRY;
      throw error;
    });
}
