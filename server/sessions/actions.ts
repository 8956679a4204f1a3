"use server";

import { revalidatePath } from "next/cache";
import { getSessionUser } from "../auth/current-user";
import { isAppError } from "../errors";
import { revokeOtherSessions, revokeSession } from "./revoke-sessions";

export type SessionActionResult = { ok: true; ended: number } | { ok: false; error: string };

async function run(work: (user: { id: string; sessionId: string | null }) => Promise<number>): Promise<SessionActionResult> {
  const user = await getSessionUser();
  if (!user) return { ok: false, error: "You are signed out. Sign in again to manage your sessions." };
  try {
    const ended = await work({ id: user.id, sessionId: user.sessionId ?? null });
    revalidatePath("/account");
    return { ok: true, ended };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: error.message };
    throw error;
  }
}

/** Ends one of the signed-in person's sessions (on every host it reached). Someone else's id: not found. */
export async function endSessionAction(sessionId: string): Promise<SessionActionResult> {
  return run((user) => revokeSession({ userId: user.id, sessionId: String(sessionId) }));
}

/** Ends every session of the signed-in person except this one. */
export async function endOtherSessionsAction(): Promise<SessionActionResult> {
  return run((user) => revokeOtherSessions({ userId: user.id, currentSessionId: user.sessionId ?? "" }));
}
