import "server-only";
import { headers } from "next/headers";
import { normalizeHostname } from "../hosts/parse-host";
import { requestHost } from "../http/request-meta";
import { auth } from "./config";

export type SessionUser = { id: string; email: string; name: string };

/**
 * The signed-in user of this host. A session cookie is only honoured on the host it was issued
 * for: a cookie copied to (or leaked from) another host, e.g. a custom domain whose DNS now
 * points elsewhere, signs nobody in anywhere else.
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.email) return null;
  if (!session?.host || session.host !== normalizeHostname(requestHost(await headers()))) return null;
  return { id: user.id, email: user.email, name: user.name ?? user.email };
}
