import "server-only";
import { env } from "../env";
import { originFor } from "../hosts/parse-host";
import { currentSessionIdOf } from "./current-session-id";
import { mintHandoff } from "./handoff";
import { getLocaleOf } from "../users/set-locale";

/** The URL that signs `userId` in on another host (not a server action: never callable from a client). */
export async function handoffUrl(
  userId: string,
  target: { kind: "tenant"; slug: string } | { kind: "admin" } | { kind: "apex" },
  next: string,
): Promise<string> {
  const origin = originFor(target, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL);
  const [token, locale] = await Promise.all([
    mintHandoff({ userId, targetHost: new URL(origin).host, parentSessionId: await currentSessionIdOf(userId) }),
    getLocaleOf(userId),
  ]);
  // The person's language travels along: the locale cookie is per host (only a preference, so an
  // edited value does no harm; the hand-off route keeps only a known locale).
  return `${origin}/auth/handoff?${new URLSearchParams({ token, next, ...(locale ? { lang: locale } : {}) })}`;
}
