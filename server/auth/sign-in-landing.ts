import "server-only";
import { SIGN_IN_LANDING } from "../../lib/safe-redirect";
import { findLastWorkspace } from "../users/find-last-workspace";
import { handoffUrl } from "./handoff-url";

/**
 * `next`, unless it is the sign-in landing (nothing asked for a page): then the dashboard of the
 * workspace the person used last (through the hand-off) or their list. Server actions resolve it
 * themselves: their redirect to the landing route would be followed as a client-side fetch, which
 * renders the list under the route's address. Full navigations (passkeys, OAuth) use the route.
 */
export async function resolveLanding(userId: string, next: string): Promise<string> {
  if (next !== SIGN_IN_LANDING) return next;
  const workspace = await findLastWorkspace({ userId });
  return workspace ? handoffUrl(userId, { kind: "tenant", slug: workspace.slug }, "/dashboard") : "/workspaces";
}
