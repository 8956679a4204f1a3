"use client";

import { Alert } from "@/components/ui/alert";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { subscribeAction, type StatusActionResult } from "@/server/status-page/actions";

/** Email subscription to incident updates: sends a confirmation link (double opt-in). */
export function SubscribeForm() {
  const { state, pending, onSubmit } = useKeptForm<StatusActionResult>(subscribeAction);
  const emailError = state && !state.ok ? state.fieldErrors?.email?.[0] : undefined;
  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate>
      {state?.ok ? <Alert variant="success">{state.message}</Alert> : null}
      {state && !state.ok && !emailError ? <Alert variant="error">{state.error}</Alert> : null}
      <div className="space-y-1.5">
        <Label htmlFor="subscribe-email">Email</Label>
        <div className="flex flex-col gap-2 sm:flex-row">
          <Input id="subscribe-email" name="email" type="email" autoComplete="email" required maxLength={254} aria-invalid={emailError ? true : undefined} aria-describedby={emailError ? "subscribe-email-error" : undefined} />
          <Button type="submit" disabled={pending} className="shrink-0">
            {pending ? "Subscribing…" : "Subscribe"}
          </Button>
        </div>
        <FieldError id="subscribe-email-error">{emailError}</FieldError>
      </div>
    </form>
  );
}
