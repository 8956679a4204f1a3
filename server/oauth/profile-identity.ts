import { ZEmail } from "../users/schemas";

/** What Atrium takes from a provider's profile: who it is there, and an email only if the provider vouches for it. */
export type OAuthIdentity = {
  provider: "github" | "google";
  providerAccountId: string;
  /** Lower-cased; null unless the provider says the address is verified. */
  verifiedEmail: string | null;
  name: string | null;
};

function verified(email: unknown): string | null {
  const parsed = ZEmail.safeParse(email);
  return parsed.success ? parsed.data : null;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

/** Google (OpenID Connect): `sub`, and `email` only when `email_verified` is true. */
export function googleIdentity(profile: Record<string, unknown>): OAuthIdentity | null {
  const sub = text(profile.sub);
  if (!sub) return null;
  const emailVerified = profile.email_verified === true || profile.email_verified === "true";
  return { provider: "google", providerAccountId: sub, verifiedEmail: emailVerified ? verified(profile.email) : null, name: text(profile.name) };
}

export type GitHubEmail = { email?: unknown; primary?: unknown; verified?: unknown };

/**
 * GitHub: the numeric account id, and the primary address only if GitHub marks it verified
 * (from /user/emails; the public `email` of /user says nothing about verification).
 */
export function githubIdentity(profile: Record<string, unknown>, emails: GitHubEmail[] | null | undefined): OAuthIdentity | null {
  const id = typeof profile.id === "number" || typeof profile.id === "string" ? String(profile.id) : "";
  if (!/^\d{1,20}$/.test(id)) return null;
  const primary = (Array.isArray(emails) ? emails : []).find((e) => e && e.primary === true && e.verified === true);
  return { provider: "github", providerAccountId: id, verifiedEmail: primary ? verified(primary.email) : null, name: text(profile.name) ?? text(profile.login) };
}
