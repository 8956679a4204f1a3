"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cancelEmailChangeAction, requestEmailChangeAction, type AccountFormState } from "@/server/accounts/actions";

export function ChangeEmailForm({ email, changed, cancelled, pending: waiting }: { email: string; changed?: boolean; cancelled?: boolean; pending?: { to: string; expiresAt: string } | null }) {
  const t = useTranslations("AuthEmailChange");
  const format = useFormatter();
  const [state, action, pending] = useActionState<AccountFormState, FormData>(requestEmailChangeAction, {});
  const errors = state.fieldErrors ?? {};
  return (
    <Card>
      <form action={action} noValidate>
        <CardHeader>
          <CardTitle>{t("title")}</CardTitle>
          <CardDescription>
            {t.rich("description", { email, strong: (chunks) => <strong className="break-all">{chunks}</strong> })}
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {changed && !state.done ? <Alert variant="success">{t("changed")}</Alert> : null}
          {state.done ? <Alert variant="success" title={t("checkInbox")}>{state.done}</Alert> : null}
          {cancelled && !state.done ? <Alert variant="info">{t("cancelled")}</Alert> : null}
          {waiting && !state.done ? (
            <Alert variant="info" title={t("pendingTitle")}>
              <span>{t.rich("pending", { to: waiting.to, until: format.dateTime(new Date(waiting.expiresAt), { dateStyle: "medium", timeStyle: "short" }), strong: (chunks) => <strong className="break-all">{chunks}</strong> })}</span>
              <Button type="submit" formAction={cancelEmailChangeAction} formNoValidate variant="outline" size="sm" className="mt-2 self-start">
                {t("cancel")}
              </Button>
            </Alert>
          ) : null}
          {state.error ? <Alert variant="error">{state.error}</Alert> : null}
          <div className="space-y-1.5">
            <Label htmlFor="new-email">{t("newEmail")}</Label>
            <Input id="new-email" name="email" type="email" autoComplete="email" maxLength={254} defaultValue={state.values?.email} aria-invalid={!!errors.email} aria-describedby="new-email-error" />
            <FieldError id="new-email-error">{errors.email?.[0]}</FieldError>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="change-email-password">{t("password")}</Label>
            <Input id="change-email-password" name="password" type="password" autoComplete="current-password" maxLength={200} aria-invalid={!!errors.password} aria-describedby="change-email-password-error" />
            <FieldError id="change-email-password-error">{errors.password?.[0]}</FieldError>
          </div>
        </CardContent>
        <CardFooter>
          <Button type="submit" variant="outline" loading={pending}>
            {t("submit")}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
