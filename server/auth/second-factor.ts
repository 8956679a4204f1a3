import "server-only";
import { cookies, headers } from "next/headers";
import { env } from "../env";
import { parseHost } from "../hosts/parse-host";
import { requestHost } from "../http/request-meta";
import { userHasSecondFactor } from "../two-factor/has-second-factor";
import { createPendingSignIn, PENDING_SIGN_IN_TTL_SECONDS } from "../two-factor/pending-sign-in";

/**
 * Whether the user has a second factor (TOTP or a passkey) that every sign-in must pass. The
 * definition lives in server/two-factor/has-second-factor.ts (secondFactorCondition): add
 * passkeys there.
 */
export async function hasSecondFactor(userId: string): Promise<boolean> {
  return userHasSecondFactor(userId);
}

/** Over https the `__Host-` prefix: Secure, Path=/, no Domain, so no sibling host can plant it. */
export function pendingSignInCookieName(): string {
  return env.PUBLIC_PROTOCOL === "https" ? "__Host-atrium.second-factor" : "atrium.second-factor";
}

/** The step's address: on the apex, and (by another name, see below) on workspace hosts. */
export const SECOND_FACTOR_PATH = "/sign-in/two-factor";
const WORKSPACE_SECOND_FACTOR_PATH = "/sign-in/code";

/**
 * Starts the second-factor step for someone who proved a first factor: a pending sign-in that
 * remembers `next`, in an httpOnly cookie on this host. Returns the address of that step.
 */
export async function beginSecondFactorStep(userId: string, next: string): Promise<string> {
  const host = requestHost(await headers());
  const token = await createPendingSignIn({ userId, next, host });
  (await cookies()).set(pendingSignInCookieName(), token, {
    httpOnly: true,
    sameSite: "lax",
    secure: env.PUBLIC_PROTOCOL === "https",
    path: "/",
    maxAge: PENDING_SIGN_IN_TTL_SECONDS,
  });
  // Next renders a server action's redirect target itself by fetching it from its own (apex)
  // address, past proxy.ts's host rewrite: on a workspace host that would be the apex's page, so
  // workspace hosts use a path the apex does not have, and the browser loads it through the proxy.
  return parseHost(host, env.ROOT_DOMAIN).kind === "apex" ? SECOND_FACTOR_PATH : WORKSPACE_SECOND_FACTOR_PATH;
}
