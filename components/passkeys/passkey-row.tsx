"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { FormState } from "@/server/auth/actions";
import { removePasskeyAction, renamePasskeyAction } from "@/server/passkeys/actions";

export type PasskeyRowData = { id: string; name: string; created: string; lastUsed: string | null; synced: boolean };

/** One passkey: its name and dates, renamed in place, removed after the password is entered. */
export function PasskeyRow({ passkey }: { passkey: PasskeyRowData }) {
  const t = useTranslations("AccountPasskeys");
  const [mode, setMode] = useState<"view" | "rename" | "remove">("view");
  const [renameState, rename, renaming] = useActionState<FormState, FormData>(async (prev, formData) => {
    const result = await renamePasskeyAction(prev, formData);
    if (!result.error && !result.fieldErrors) setMode("view");
    return result;
  }, {});
  const [removeState, remove, removing] = useActionState<FormState, FormData>(removePasskeyAction, {});
  const labelId = `passkey-${passkey.id}`;

  return (
    <li className="space-y-3 py-4" aria-labelledby={labelId}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p id={labelId} className="break-words font-medium">
            {passkey.name}
          </p>
          <p className="text-xs text-muted-foreground">
            {t("added", { date: passkey.created })} · {passkey.lastUsed ? t("lastUsed", { date: passkey.lastUsed }) : t("neverUsed")}
            {passkey.synced ? ` · ${t("synced")}` : ""}
          </p>
        </div>
        {mode === "view" ? (
          <div className="flex gap-2">
            <Button size="sm" variant="outline" onClick={() => setMode("rename")} aria-label={t("renameLabel", { name: passkey.name })}>
              {t("rename")}
            </Button>
            <Button size="sm" variant="outline" onClick={() => setMode("remove")} aria-label={t("removeLabel", { name: passkey.name })}>
              {t("remove")}
            </Button>
          </div>
        ) : null}
      </div>

      {mode === "rename" ? (
        <form action={rename} className="space-y-2" noValidate>
          <input type="hidden" name="passkeyId" value={passkey.id} />
          {renameState.error && !renameState.fieldErrors ? <Alert variant="error">{renameState.error}</Alert> : null}
          <Label htmlFor={`${labelId}-name`}>{t("newName")}</Label>
          <Input id={`${labelId}-name`} name="name" defaultValue={renameState.values?.name ?? passkey.name} maxLength={60} autoComplete="off" autoFocus aria-invalid={!!renameState.fieldErrors?.name} />
          <FieldError>{renameState.fieldErrors?.name?.[0]}</FieldError>
          <div className="flex gap-2">
            <Button type="submit" size="sm" loading={renaming}>
              {t("saveName")}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setMode("view")} disabled={renaming}>
              {t("cancel")}
            </Button>
          </div>
        </form>
      ) : null}

      {mode === "remove" ? (
        <form action={remove} className="space-y-2 rounded-md border border-destructive/50 p-3" noValidate>
          <input type="hidden" name="passkeyId" value={passkey.id} />
          <p className="text-sm">
            {t.rich("removeConfirm", { name: passkey.name, strong: (chunks) => <strong className="break-words">{chunks}</strong> })}
          </p>
          {removeState.error && !removeState.fieldErrors ? <Alert variant="error">{removeState.error}</Alert> : null}
          <Label htmlFor={`${labelId}-password`}>{t("currentPassword")}</Label>
          <Input id={`${labelId}-password`} name="password" type="password" autoComplete="current-password" autoFocus aria-invalid={!!removeState.fieldErrors?.password} />
          <FieldError>{removeState.fieldErrors?.password?.[0]}</FieldError>
          <div className="flex gap-2">
            <Button type="submit" size="sm" variant="destructive" loading={removing}>
              {t("removeSubmit")}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setMode("view")} disabled={removing}>
              {t("cancel")}
            </Button>
          </div>
        </form>
      ) : null}
    </li>
  );
}
