"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { forgotPasswordAction, type AccountFormState } from "@/server/accounts/actions";

export function ForgotPasswordForm() {
  const t = useTranslations("AuthForgotPassword");
  const [state, action, pending] = useActionState<AccountFormState, FormData>(forgotPasswordAction, {});
  const emailError = state.fieldErrors?.email?.[0];
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.done ? <Alert variant="success" title={t("checkEmail")}>{state.done}</Alert> : null}
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
      <div className="space-y-1.5">
        <Label htmlFor="email">{t("email")}</Label>
        <Input id="email" name="email" type="email" autoComplete="email" required maxLength={254} defaultValue={state.values?.email} aria-invalid={!!emailError} aria-describedby="email-error" autoFocus />
        <FieldError id="email-error">{emailError}</FieldError>
      </div>
      <Button type="submit" className="w-full" loading={pending}>
        {state.done ? t("sendAnother") : t("submit")}
      </Button>
      <p className="text-center text-sm text-muted-foreground">
        {t("remembered")}{" "}
        <Link href="/sign-in" className="font-medium text-primary underline-offset-4 hover:underline">
          {t("signIn")}
        </Link>
      </p>
    </form>
  );
}
