"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { disableTotpAction } from "@/server/two-factor/actions";
import type { FormState } from "@/server/auth/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** Turning the authenticator off: password and a current code (or a recovery code). */
export function TwoFactorDisable() {
  const t = useTranslations("AccountTwoFactor.disable");
  const [state, action, pending] = useActionState<FormState, FormData>(disableTotpAction, {});
  const [open, setOpen] = useState(false);
  const [method, setMethod] = useState<"totp" | "recovery">(state.values?.method === "recovery" ? "recovery" : "totp");
  if (!open && !state.error) {
    return (
      <Button type="button" variant="outline" onClick={() => setOpen(true)}>
        {t("open")}
      </Button>
    );
  }
  const recovery = method === "recovery";
  return (
    <form action={action} className="space-y-4 rounded-md border border-border p-4" noValidate>
      <input type="hidden" name="method" value={method} />
      {state.error && !state.fieldErrors ? <Alert variant="error">{state.error}</Alert> : null}
      <div className="space-y-1.5">
        <Label htmlFor="two-factor-off-password">{t("password")}</Label>
        <Input id="two-factor-off-password" name="password" type="password" autoComplete="current-password" aria-invalid={!!state.fieldErrors?.password} />
        <FieldError>{state.fieldErrors?.password?.[0]}</FieldError>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="two-factor-off-code">{recovery ? t("recoveryCode") : t("appCode")}</Label>
        <Input
          key={method}
          id="two-factor-off-code"
          name="code"
          inputMode={recovery ? "text" : "numeric"}
          autoComplete={recovery ? "off" : "one-time-code"}
          maxLength={recovery ? 64 : 12}
          defaultValue={state.values?.method === method ? state.values?.code : undefined}
          aria-invalid={!!state.fieldErrors?.code}
        />
        <FieldError>{state.fieldErrors?.code?.[0]}</FieldError>
        <button type="button" className="text-sm font-medium text-primary underline-offset-4 hover:underline" onClick={() => setMethod(recovery ? "totp" : "recovery")}>
          {recovery ? t("useAppCode") : t("useRecoveryCode")}
        </button>
      </div>
      <Button type="submit" variant="destructive" loading={pending}>
        {t("submit")}
      </Button>
    </form>
  );
}
