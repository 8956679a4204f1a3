"use client";

import { useTranslations } from "next-intl";
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
  const t = useTranslations("AccountSessions");
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
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {error ? <Alert variant="error">{error}</Alert> : null}
        {notice ? <Alert variant="success">{notice}</Alert> : null}
        <ul className="divide-y divide-border rounded-md border border-border" aria-label={t("listLabel")}>
          {sessions.map((s) => (
            <li key={s.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start sm:justify-between" data-session={s.current ? "current" : "other"}>
              <div className="min-w-0 space-y-1 text-sm">
                <p className="font-medium">
                  {t("device", { browser: s.browser, os: s.os })} {s.current ? <Badge variant="success">{t("thisDevice")}</Badge> : null}
                </p>
                <p className="break-all text-muted-foreground">
                  {s.ip ?? t("unknownIp")} · {s.hosts.join(", ")}
                </p>
                <p className="text-muted-foreground">
                  {t("when", { signedIn: when[s.id]?.signedIn ?? "", lastActive: when[s.id]?.lastActive ?? "" })}
                </p>
              </div>
              {s.current ? null : (
                <ConfirmDialog
                  trigger={
                    <Button variant="outline" size="sm" className="self-start" aria-label={t("signOutLabel", { browser: s.browser, os: s.os })}>
                      {t("signOut")}
                    </Button>
                  }
                  title={t("signOutTitle")}
                  description={t("signOutDescription", { browser: s.browser, os: s.os, ip: s.ip ?? t("unknownIpInline") })}
                  confirmLabel={t("signOut")}
                  destructive
                  onConfirm={() => handle(endSessionAction(s.id), () => t("signedOut"))}
                />
              )}
            </li>
          ))}
          {sessions.length === 0 ? <li className="p-4 text-sm text-muted-foreground">{t("none")}</li> : null}
        </ul>
        {others.length > 0 ? (
          <ConfirmDialog
            trigger={<Button variant="outline">{t("signOutOthers")}</Button>}
            title={t("signOutOthersTitle")}
            description={t("signOutOthersDescription", { count: others.length })}
            confirmLabel={t("signOutOthers")}
            destructive
            onConfirm={() => handle(endOtherSessionsAction(), (n) => t("signedOutOthers", { count: n }))}
          />
        ) : null}
      </CardContent>
    </Card>
  );
}
