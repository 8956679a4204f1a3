"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { requestEmailChangeAction, type AccountFormState } from "@/server/accounts/actions";

export function ChangeEmailForm({ email, changed }: { email: string; changed?: boolean }) {
  const [state, action, pending] = useActionState<AccountFormState, FormData>(requestEmailChangeAction, {});
  const errors = state.fieldErrors ?? {};
  return (
    <Card>
      <form action={action} noValidate>
        <CardHeader>
          <CardTitle>Email address</CardTitle>
          <CardDescription>
            You sign in with <strong className="break-all">{email}</strong>. To use another address, we send a link to it; the change happens when you open that link.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {changed && !state.done ? <Alert variant="success">Your email address was changed. Other sessions were signed out.</Alert> : null}
          {state.done ? <Alert variant="success" title="Check your new inbox">{state.done}</Alert> : null}
          {state.error ? <Alert variant="error">{state.error}</Alert> : null}
          <div className="space-y-1.5">
            <Label htmlFor="new-email">New email address</Label>
            <Input id="new-email" name="email" type="email" autoComplete="email" maxLength={254} defaultValue={state.values?.email} aria-invalid={!!errors.email} aria-describedby="new-email-error" />
            <FieldError id="new-email-error">{errors.email?.[0]}</FieldError>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="change-email-password">Password for this change</Label>
            <Input id="change-email-password" name="password" type="password" autoComplete="current-password" maxLength={200} aria-invalid={!!errors.password} aria-describedby="change-email-password-error" />
            <FieldError id="change-email-password-error">{errors.password?.[0]}</FieldError>
          </div>
        </CardContent>
        <CardFooter>
          <Button type="submit" variant="outline" loading={pending}>
            Send confirmation link
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
