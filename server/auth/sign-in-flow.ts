import "server-only";
import { headers } from "next/headers";
import { env } from "../env";
import { originFor, parseHost } from "../hosts/parse-host";
import { requestHost } from "../http/request-meta";
import { signIn } from "./config";
import { mintHandoff } from "./handoff";
import { getTwoFactorStatus } from "../two-factor/get-two-factor-status";
import { resolveLanding } from "./sign-in-landing";
import { beginSecondFactorStep, hasSecondFactor } from "./second-factor";

// Every way of signing in on the apex (password, magic link, passkey, OAuth, SSO) ends here.
// Proving a first factor does not make a session by itself: a person with a second factor is
// sent to that step first. The session is then started through the same one-time hand-off the
// workspace hosts use (a grant minted for this very host and redeemed at once), so no sign-in
// path can skip a factor by calling Auth.js directly.

/** Starts a session on this request's host for someone who has passed every factor. */
export async function startSession(userId: string): Promise<void> {
  const token = await mintHandoff({ userId, targetHost: requestHost(await headers()) });
  await signIn("handoff", { token, redirect: false });
}

/**
 * After a first factor: signs in and returns `next`, or (when the person has a second factor)
 * returns the second-factor step's address without signing in.
 */
export async function afterFirstFactor(userId: string, next: string): Promise<string> {
  if (await hasSecondFactor(userId)) {
    const host = requestHost(await headers());
    const here = parseHost(host, env.ROOT_DOMAIN);
    // An authenticator code can be entered on any host (a workspace host has its own step page);
    // a passkey works on the apex only (its relying party), so someone whose only second factor
    // is a passkey signs in on the apex and comes back through the hand-off (/auth/continue).
    if (here.kind === "apex" || (await getTwoFactorStatus(userId)).enabled) return beginSecondFactorStep(userId, next);
    const back = `/auth/continue?${new URLSearchParams({ host, next })}`;
    return `${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/sign-in?${new URLSearchParams({ next: back, reason: "two-factor" })}`;
  }
  await startSession(userId);
  return resolveLanding(userId, next);
}
