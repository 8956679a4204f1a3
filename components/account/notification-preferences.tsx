"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import type { NotificationCategory } from "@/lib/notification-categories";

export type PreferenceRow = { category: NotificationCategory; email: boolean; locked: boolean };

/** The account page's email switches, one per category; locked ones are shown on and cannot change. */
export function NotificationPreferences({ preferences }: { preferences: PreferenceRow[] }) {
  const t = useTranslations("AccountNotifications");
  const trpc = useTRPC();
  const [email, setEmail] = useState<Record<string, boolean>>(() => Object.fromEntries(preferences.map((p) => [p.category, p.email])));
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation(
    trpc.notification.setPreference.mutationOptions({
      onSuccess: (result) => setSaved(t(result.email ? "savedOn" : "savedOff", { label: t(`category.${result.category}.label`) })),
      // Back to what the server has.
      onError: (_error, input) => setEmail((current) => ({ ...current, [input.category]: !input.email })),
    }),
  );

  return (
    <div className="space-y-3">
      {save.error ? <Alert variant="error">{toClientError(save.error).message}</Alert> : null}
      <ul className="divide-y divide-border rounded-md border border-border">
        {preferences.map((p) => {
          const label = t(`category.${p.category}.label`);
          const description = t(`category.${p.category}.description`);
          const inputId = `notify-${p.category}`;
          return (
            <li key={p.category} className="flex items-start justify-between gap-4 p-4">
              <div className="min-w-0 text-sm">
                <label htmlFor={inputId} className="font-medium">
                  {label}
                </label>
                <p id={`${inputId}-hint`} className="text-muted-foreground">
                  {description}
                  {p.locked ? ` ${t("locked")}` : ""}
                </p>
              </div>
              <input
                id={inputId}
                type="checkbox"
                role="switch"
                aria-describedby={`${inputId}-hint`}
                checked={p.locked ? true : (email[p.category] ?? true)}
                disabled={p.locked}
                onChange={(event) => {
                  const next = event.target.checked;
                  setSaved(null);
                  setEmail((current) => ({ ...current, [p.category]: next }));
                  save.mutate({ category: p.category, email: next });
                }}
                className="mt-1 size-5 shrink-0 accent-primary disabled:opacity-60"
              />
            </li>
          );
        })}
      </ul>
      <p role="status" className="min-h-5 text-sm text-muted-foreground">
        {saved}
      </p>
    </div>
  );
}
