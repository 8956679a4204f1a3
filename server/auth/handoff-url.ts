import "server-only";
import { headers } from "next/headers";
import { env } from "../env";
import { originFor, parseHost } from "../hosts/parse-host";
import { requestHost } from "../http/request-meta";
import { currentSessionIdOf } from "./current-session-id";
import { mintHandoff } from "./handoff";
import { getLocaleOf } from "../users/set-locale";

/** Whether the request being served came in on a host outside the platform's domain (a workspace's custom domain); outside a request, no. */
async function onCustomDomain(): Promise<boolean> {
  let host: string;
  try {
    host = requestHost(await headers());
  } catch {
    return false;
  }
  return parseHost(host, env.ROOT_DOMAIN).kind === "foreign";
}

/**
 * The URL that signs `userId` in on another host (not a server action: never callable from a client).
 *
 * Never from a session on a custom domain: the platform does not control that name (it may be
 * re-pointed, or its cookies read by whoever answers for it next), so a session there stays
 * there, as current-user.ts intends. From such a host this is a plain link to the target, whose
 * own sign-in follows if needed; a hand-off would carry that session to every workspace its
 * person belongs to, and to the operator console.
 */
export async function handoffUrl(
  userId: string,
  target: { kind: "tenant"; slug: string } | { kind: "admin" } | { kind: "apex" },
  next: string,
): Promise<string> {
  const origin = originFor(target, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL);
  if (await onCustomDomain()) return `${origin}${next}`;
  const [token, locale] = await Promise.all([
    mintHandoff({ userId, targetHost: new URL(origin).host, parentSessionId: await currentSessionIdOf(userId) }),
    getLocaleOf(userId),
  ]);
  // The person's language travels along: the locale cookie is per host (only a preference, so an
  // edited value does no harm; the hand-off route keeps only a known locale).
  return `${origin}/auth/handoff?${new URLSearchParams({ token, next, ...(locale ? { lang: locale } : {}) })}`;
}
