"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { endOtherSessionsAction, endSessionAction, type SessionActionResult } from "@/server/sessions/actions";

export type SessionRow = { id: string; browser: string; os: string; ip: string | null; hosts: string[]; createdAt: Date; lastSeenAt: Date; current: boolean };

/**
 * The account page's "Sessions" section: every sign-in that has not ended, each can be ended.
 * `when` holds each session's times already written in the person's zone by the server (the
 * browser's zone data may not know that zone, and the server render and hydration must agree).
 */
export function SessionList({ sessions, when }: { sessions: SessionRow[]; when: Record<string, { signedIn: string; lastActive: string }> }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const others = sessions.filter((s) => !s.current);

  async function handle(result: Promise<SessionActionResult>, done: (ended: number) => string) {
    setError(null);
    setNotice(null);
    const outcome = await result;
    if (outcome.ok) setNotice(done(outcome.ended));
    else setError(outcome.error);
    router.refresh();
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Sessions</CardTitle>
        <CardDescription>
          Where you are signed in. Signing a session out ends it on every workspace it opened, within a few seconds. Don&apos;t recognise one? Sign it out and change your password.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {error ? <Alert variant="error">{error}</Alert> : null}
        {notice ? <Alert variant="success">{notice}</Alert> : null}
        <ul className="divide-y divide-border rounded-md border border-border" aria-label="Active sessions">
          {sessions.map((s) => (
            <li key={s.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start sm:justify-between" data-session={s.current ? "current" : "other"}>
              <div className="min-w-0 space-y-1 text-sm">
                <p className="font-medium">
                  {s.browser} on {s.os} {s.current ? <Badge variant="success">This device</Badge> : null}
                </p>
                <p className="break-all text-muted-foreground">
                  {s.ip ?? "Unknown IP address"} · {s.hosts.join(", ")}
                </p>
                <p className="text-muted-foreground">
                  Signed in {when[s.id]?.signedIn} · last active {when[s.id]?.lastActive}
                </p>
              </div>
              {s.current ? null : (
                <ConfirmDialog
                  trigger={
                    <Button variant="outline" size="sm" className="self-start" aria-label={`Sign out ${s.browser} on ${s.os}`}>
                      Sign out
                    </Button>
                  }
                  title="Sign out this session?"
                  description={`${s.browser} on ${s.os} (${s.ip ?? "unknown IP address"}) will be signed out on every host within a few seconds.`}
                  confirmLabel="Sign out"
                  destructive
                  onConfirm={() => handle(endSessionAction(s.id), () => "That session has been signed out.")}
                />
              )}
            </li>
          ))}
          {sessions.length === 0 ? <li className="p-4 text-sm text-muted-foreground">No active sessions are recorded for this account.</li> : null}
        </ul>
        {others.length > 0 ? (
          <ConfirmDialog
            trigger={<Button variant="outline">Sign out everywhere else</Button>}
            title="Sign out everywhere else?"
            description={`Your ${others.length === 1 ? "other session" : `${others.length} other sessions`} will be signed out within a few seconds. This device stays signed in.`}
            confirmLabel="Sign out everywhere else"
            destructive
            onConfirm={() => handle(endOtherSessionsAction(), (n) => `Signed out ${n === 1 ? "1 session" : `${n} sessions`} elsewhere.`)}
          />
        ) : null}
      </CardContent>
    </Card>
  );
}
