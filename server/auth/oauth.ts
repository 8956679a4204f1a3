import "server-only";
import { cookies, headers } from "next/headers";
import type { Account, Profile } from "next-auth";
import type { Provider } from "next-auth/providers";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { apexNext } from "../../lib/safe-redirect";
import { env } from "../env";
import { parseHost } from "../hosts/parse-host";
import { requestHost, requestMetaFromHeaders } from "../http/request-meta";
import { acceptInvitationOnSignUp, invitationTokenIn } from "../members/accept-invitation-on-sign-up";
import { logger } from "../logger";
import { githubIdentity, googleIdentity, type GitHubEmail, type OAuthIdentity } from "../oauth/profile-identity";
import { findIdentityUser } from "../oauth/find-identity-user";
import { resolveOAuthUser } from "../oauth/resolve-oauth-user";
import { adoptLocaleAtSignIn } from "../i18n/locale-cookie";
import { getLocaleOf } from "../users/set-locale";
import { authCookies } from "./auth-cookies";
import { beginSecondFactorStep, hasSecondFactor } from "./second-factor";

const GITHUB_API = "https://api.github.com";

/** GitHub and Google, each only when its client id and secret are configured. */
export function oauthProviders(): Provider[] {
  const providers: Provider[] = [];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) {
    providers.push(
      GitHub({
        clientId: env.AUTH_GITHUB_ID,
        clientSecret: env.AUTH_GITHUB_SECRET,
        // The addresses too, with GitHub's own "verified" flag: only a verified primary address links accounts.
        userinfo: {
          url: `${GITHUB_API}/user`,
          async request({ tokens }: { tokens: { access_token?: string } }) {
            const auth = { Authorization: `Bearer ${tokens.access_token}`, "User-Agent": "atrium", Accept: "application/vnd.github+json" };
            const profile = (await (await fetch(`${GITHUB_API}/user`, { headers: auth })).json()) as Record<string, unknown>;
            const emails = await fetch(`${GITHUB_API}/user/emails`, { headers: auth }).then((r) => (r.ok ? (r.json() as Promise<GitHubEmail[]>) : []));
            return { ...profile, atrium_emails: emails };
          },
        },
      }),
    );
  }
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) {
    // AUTH_GOOGLE_ISSUER points Google's provider at another OpenID issuer (tests run a local one).
    providers.push(Google({ clientId: env.AUTH_GOOGLE_ID, clientSecret: env.AUTH_GOOGLE_SECRET, ...(env.AUTH_GOOGLE_ISSUER ? { issuer: env.AUTH_GOOGLE_ISSUER } : {}) }));
  }
  return providers;
}

export function isOAuthAccount(account: Account | null | undefined): account is Account {
  return account?.type === "oauth" || account?.type === "oidc";
}

function identityOf(account: Account, profile: Profile | undefined): OAuthIdentity | null {
  const raw = (profile ?? {}) as Record<string, unknown>;
  if (account.provider === "google") return googleIdentity(raw);
  if (account.provider === "github") return githubIdentity(raw, raw.atrium_emails as GitHubEmail[] | undefined);
  return null;
}

/** Where the person wanted to go (Auth.js keeps it in a cookie during the round trip), as an apex path. */
async function nextFromCookie(): Promise<string> {
  const name = authCookies(env.PUBLIC_PROTOCOL)?.callbackUrl.name ?? "authjs.callback-url";
  const value = (await cookies()).get(name)?.value;
  try {
    const url = value ? new URL(value) : null;
    return apexNext(url ? `${url.pathname}${url.search}` : undefined);
  } catch {
    return apexNext(undefined);
  }
}

/**
 * An account just created with GitHub or Google from an invitation link joins that workspace, as
 * a password sign-up from the link does: creating the account with the invited (provider-verified)
 * address is the choice the Join button asks for. When it cannot join (another address, revoked,
 * expired) the invitation page says why after the redirect; a failure never stops the sign-in.
 */
async function joinInvitationOnSignUp(next: string, userId: string, email: string): Promise<void> {
  const token = invitationTokenIn(next);
  if (!token) return;
  const meta = requestMetaFromHeaders(await headers());
  const outcome = await acceptInvitationOnSignUp({ token, userId, userEmail: email, meta }).catch((error: unknown) => {
    logger.error("oauth sign-up: could not accept the invitation; the invitation page offers it again", { userId, error });
    return null;
  });
  if (outcome && !outcome.joined) logger.info("oauth sign-up from an invitation did not join", { userId, reason: outcome.reason });
}

/**
 * Auth.js's signIn callback for GitHub and Google: true to start the session (the jwt callback
 * then looks the user up again by identity), or an address to go to instead — the sign-in page
 * with a reason, or the second-factor step for people who have one.
 */
export async function oauthSignIn(account: Account, profile: Profile | undefined): Promise<true | string> {
  if (parseHost(requestHost(await headers()), env.ROOT_DOMAIN).kind !== "apex") return "/sign-in?error=oauth_host";
  const identity = identityOf(account, profile);
  if (!identity) return "/sign-in?error=oauth_profile";
  const resolution = await resolveOAuthUser(identity);
  if (!resolution.ok) return `/sign-in?error=oauth_${resolution.reason}`;
  if (resolution.created || resolution.linked) logger.info("oauth identity", { provider: identity.provider, created: resolution.created, linked: resolution.linked });
  const next = await nextFromCookie();
  await adoptLocaleAtSignIn({ id: resolution.userId, locale: await getLocaleOf(resolution.userId) });
  if (resolution.created && identity.verifiedEmail) await joinInvitationOnSignUp(next, resolution.userId, identity.verifiedEmail);
  if (await hasSecondFactor(resolution.userId)) return beginSecondFactorStep(resolution.userId, next);
  return true;
}

/** The Atrium user an OAuth account signs in as (linked by oauthSignIn just before). */
export async function oauthUserId(account: Account): Promise<string | null> {
  return findIdentityUser(account.provider, account.providerAccountId);
}
