"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { forgotPasswordAction, type AccountFormState } from "@/server/accounts/actions";

export function ForgotPasswordForm() {
  const [state, action, pending] = useActionState<AccountFormState, FormData>(forgotPasswordAction, {});
  const emailError = state.fieldErrors?.email?.[0];
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.done ? <Alert variant="success" title="Check your email">{state.done}</Alert> : null}
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
      <div className="space-y-1.5">
        <Label htmlFor="email">Email</Label>
        <Input id="email" name="email" type="email" autoComplete="email" required maxLength={254} defaultValue={state.values?.email} aria-invalid={!!emailError} aria-describedby="email-error" autoFocus />
        <FieldError id="email-error">{emailError}</FieldError>
      </div>
      <Button type="submit" className="w-full" loading={pending}>
        {state.done ? "Send another link" : "Email me a reset link"}
      </Button>
      <p className="text-center text-sm text-muted-foreground">
        Remembered it?{" "}
        <Link href="/sign-in" className="font-medium text-primary underline-offset-4 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
