"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { changePasswordAction, type ChangePasswordState } from "@/server/users/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, FieldHint, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ServerText } from "@/components/i18n/server-text";

/** The account page's password change: the current password again, then the new one. */
export function ChangePasswordForm() {
  const t = useTranslations("AccountPassword");
  const [state, action, pending] = useActionState<ChangePasswordState, FormData>(changePasswordAction, {});
  return (
    <Card id="password">
      <form action={action} noValidate>
        <CardHeader>
          <CardTitle>{t("title")}</CardTitle>
          <CardDescription>{t("description")}</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {state.changed ? <Alert variant="success">{t("changed", { count: state.changed.endedSessions })}</Alert> : null}
          {state.error ? (
            <Alert variant="error">
              <ServerText text={state.error} />
            </Alert>
          ) : null}
          <div className="space-y-1.5">
            <Label htmlFor="current-password">{t("current")}</Label>
            <Input id="current-password" name="password" type="password" autoComplete="current-password" required aria-invalid={!!state.fieldErrors?.password} aria-describedby="current-password-error" />
            <FieldError id="current-password-error">{state.fieldErrors?.password?.[0] ? <ServerText text={state.fieldErrors.password[0]} /> : null}</FieldError>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="new-password">{t("new")}</Label>
            <Input id="new-password" name="newPassword" type="password" autoComplete="new-password" required minLength={10} aria-invalid={!!state.fieldErrors?.newPassword} aria-describedby="new-password-hint new-password-error" />
            <FieldHint id="new-password-hint">{t("hint")}</FieldHint>
            <FieldError id="new-password-error">{state.fieldErrors?.newPassword?.[0] ? <ServerText text={state.fieldErrors.newPassword[0]} /> : null}</FieldError>
          </div>
        </CardContent>
        <CardFooter>
          <Button type="submit" loading={pending}>
            {t("submit")}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
