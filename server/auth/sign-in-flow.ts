import "server-only";
import { headers } from "next/headers";
import { requestHost } from "../http/request-meta";
import { signIn } from "./config";
import { mintHandoff } from "./handoff";
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
  if (await hasSecondFactor(userId)) return beginSecondFactorStep(userId, next);
  await startSession(userId);
  return next;
}
