import "server-only";
import { env } from "../env";
import { originFor } from "../hosts/parse-host";
import { currentSessionIdOf } from "./current-session-id";
import { mintHandoff } from "./handoff";

/** The URL that signs `userId` in on another host (not a server action: never callable from a client). */
export async function handoffUrl(
  userId: string,
  target: { kind: "tenant"; slug: string } | { kind: "admin" } | { kind: "apex" },
  next: string,
): Promise<string> {
  const origin = originFor(target, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL);
  const token = await mintHandoff({ userId, targetHost: new URL(origin).host, parentSessionId: await currentSessionIdOf(userId) });
  return `${origin}/auth/handoff?${new URLSearchParams({ token, next })}`;
}
