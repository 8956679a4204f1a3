"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError, FieldHint, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { resetPasswordAction, type AccountFormState } from "@/server/accounts/actions";

export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const t = useTranslations("AuthResetPassword");
  const [state, action, pending] = useActionState<AccountFormState, FormData>(resetPasswordAction, {});
  const passwordError = state.fieldErrors?.password?.[0];
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      {/* For password managers: which account the new password belongs to. */}
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <div className="space-y-1.5">
        <Label htmlFor="password">{t("password")}</Label>
        <Input id="password" name="password" type="password" autoComplete="new-password" required minLength={10} maxLength={200} aria-invalid={!!passwordError} aria-describedby="password-hint password-error" autoFocus />
        <FieldHint id="password-hint">{t("passwordHint")}</FieldHint>
        <FieldError id="password-error">{passwordError}</FieldError>
      </div>
      <Button type="submit" className="w-full" loading={pending}>
        {t("submit")}
      </Button>
    </form>
  );
}
