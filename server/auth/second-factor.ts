import "server-only";
import { cookies, headers } from "next/headers";
import { env } from "../env";
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

export const SECOND_FACTOR_PATH = "/sign-in/two-factor";

/**
 * Starts the second-factor step for someone who proved a first factor: a pending sign-in that
 * remembers `next`, in an httpOnly cookie on this host. Returns the address of that step.
 */
export async function beginSecondFactorStep(userId: string, next: string): Promise<string> {
  const token = await createPendingSignIn({ userId, next, host: requestHost(await headers()) });
  (await cookies()).set(pendingSignInCookieName(), token, {
    httpOnly: true,
    sameSite: "lax",
    secure: env.PUBLIC_PROTOCOL === "https",
    path: "/",
    maxAge: PENDING_SIGN_IN_TTL_SECONDS,
  });
  return SECOND_FACTOR_PATH;
}
