"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { requestMagicLinkAction, type AccountFormState } from "@/server/accounts/actions";

/** Below the password form on the apex: a sign-in link by email instead of the password. */
export function MagicLinkRequest({ next }: { next?: string }) {
  const t = useTranslations("AuthMagicLink");
  const [open, setOpen] = useState(false);
  const [state, action, pending] = useActionState<AccountFormState, FormData>(requestMagicLinkAction, {});
  const emailError = state.fieldErrors?.email?.[0];
  if (!open) {
    return (
      <div className="mt-4 border-t border-border pt-4">
        <Button type="button" variant="outline" className="w-full" onClick={() => setOpen(true)}>
          {t("open")}
        </Button>
      </div>
    );
  }
  return (
    <form action={action} className="mt-4 space-y-4 border-t border-border pt-4" noValidate>
      {state.done ? <Alert variant="success" title={t("checkEmail")}>{state.done}</Alert> : null}
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <div className="space-y-1.5">
        <Label htmlFor="magic-email">{t("email")}</Label>
        <Input id="magic-email" name="email" type="email" autoComplete="email" required maxLength={254} defaultValue={state.values?.email} aria-invalid={!!emailError} aria-describedby="magic-email-error" autoFocus />
        <FieldError id="magic-email-error">{emailError}</FieldError>
      </div>
      <Button type="submit" variant="secondary" className="w-full" loading={pending}>
        {t("submit")}
      </Button>
    </form>
  );
}
