import { SessionList } from "@/components/account/session-list";
import type { SessionUser } from "@/server/auth/current-user";
import { listActiveSessions } from "@/server/sessions/list-sessions";

/** The account page's Sessions section (its data is read here, the list is a client component). */
export async function SessionsSection({ user, timeZone }: { user: SessionUser; timeZone: string }) {
  return <SessionList sessions={await listActiveSessions({ userId: user.id, currentSessionId: user.sessionId })} timeZone={timeZone} />;
}
