"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { startTransition, useActionState, useRef, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError, FieldHint, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useRefusalFocus } from "@/components/ui/use-refusal-focus";
import { useBrowserValue } from "@/components/ui/use-hydrated";
import { browserTimeZone } from "@/lib/time-zone";
import { signUpAction, type FormState } from "@/server/auth/actions";

export function SignUpForm({ next, email }: { next?: string; email?: string }) {
  const t = useTranslations("AuthSignUp");
  const locale = useLocale();
  const [state, action, pending] = useActionState<FormState, FormData>(signUpAction, {});
  const browserZone = useBrowserValue(browserTimeZone);
  const errors = state.fieldErrors ?? {};
  const formRef = useRef<HTMLFormElement>(null);
  useRefusalFocus(formRef, state, !!(state.error || state.fieldErrors));
  // Submitted by hand once the page runs: React resets a form after its action, which would wipe
  // the password a refused sign-up must not lose (it is never sent back to the page). `action`
  // stays for a browser without JavaScript, so such a form still posts, never leaks into a URL.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => action(formData));
  };
  return (
    <form ref={formRef} action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
      {next ? <input type="hidden" name="next" value={next} /> : null}
      {/* This browser's time zone becomes the account's (the audit log and usage charts use it). */}
      <input type="hidden" name="timeZone" value={browserZone ?? ""} />
      {/* The language this page is shown in becomes the account's. */}
      <input type="hidden" name="locale" value={locale} />
      <div className="space-y-1.5">
        <Label htmlFor="name">{t("name")}</Label>
        <Input id="name" name="name" autoComplete="name" required defaultValue={state.values?.name} aria-invalid={!!errors.name} aria-describedby="name-error" autoFocus />
        <FieldError id="name-error">{errors.name?.[0]}</FieldError>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="email">{t("email")}</Label>
        <Input id="email" name="email" type="email" autoComplete="email" required defaultValue={state.values?.email ?? email} aria-invalid={!!errors.email} aria-describedby="email-error" />
        <FieldError id="email-error">{errors.email?.[0]}</FieldError>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="password">{t("password")}</Label>
        <Input id="password" name="password" type="password" autoComplete="new-password" required minLength={10} aria-invalid={!!errors.password} aria-describedby="password-hint password-error" />
        <FieldHint id="password-hint">{t("passwordHint")}</FieldHint>
        <FieldError id="password-error">{errors.password?.[0]}</FieldError>
      </div>
      <Button type="submit" className="w-full" loading={pending}>
        {t("submit")}
      </Button>
      <p className="text-center text-sm text-muted-foreground">
        {t("haveAccount")}{" "}
        <Link href="/sign-in" className="font-medium text-primary underline-offset-4 hover:underline">
          {t("signIn")}
        </Link>
      </p>
    </form>
  );
}
