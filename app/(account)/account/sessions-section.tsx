import { getLocale } from "next-intl/server";
import { formatInZone } from "@/lib/time-zone";
import { SessionList } from "@/components/account/session-list";
import type { SessionUser } from "@/server/auth/current-user";
import { listActiveSessions } from "@/server/sessions/list-sessions";

/** The account page's Sessions section (its data is read here, the list is a client component). */
export async function SessionsSection({ user, timeZone }: { user: SessionUser; timeZone: string }) {
  const [sessions, locale] = await Promise.all([listActiveSessions({ userId: user.id, currentSessionId: user.sessionId }), getLocale()]);
  const when = Object.fromEntries(
    sessions.map((s) => [s.id, { signedIn: formatInZone(s.createdAt, "dateTimeShort", timeZone, locale), lastActive: formatInZone(s.lastSeenAt, "dateTimeShort", timeZone, locale) }]),
  );
  return <SessionList sessions={sessions} when={when} />;
}
