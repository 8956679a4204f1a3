"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useRefusalFocus } from "@/components/ui/use-refusal-focus";
import { signInAction, type FormState } from "@/server/auth/actions";
import { ForgotPasswordLink } from "@/components/accounts/forgot-password-link";

export function SignInForm({ next, notice, showSignUp = true, forgotPasswordHref }: { next?: string; notice?: string; showSignUp?: boolean; forgotPasswordHref?: string }) {
  const t = useTranslations("AuthSignIn");
  const [state, action, pending] = useActionState<FormState, FormData>(signInAction, {});
  const formRef = useRef<HTMLFormElement>(null);
  useRefusalFocus(formRef, state, !!state.error);
  return (
    <form ref={formRef} action={action} className="space-y-4" noValidate>
      {notice && !state.error ? <Alert variant="info">{notice}</Alert> : null}
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <div className="space-y-1.5">
        <Label htmlFor="email">{t("email")}</Label>
        <Input id="email" name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} autoFocus />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="password">{t("password")}</Label>
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
        <ForgotPasswordLink href={forgotPasswordHref} />
      </div>
      <Button type="submit" className="w-full" loading={pending}>
        {t("submit")}
      </Button>
      {showSignUp ? (
        <p className="text-center text-sm text-muted-foreground">
          {t("newToAtrium")}{" "}
          <Link href="/sign-up" className="font-medium text-primary underline-offset-4 hover:underline">
            {t("createAccount")}
          </Link>
        </p>
      ) : null}
    </form>
  );
}
