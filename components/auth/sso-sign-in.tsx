"use client";

import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ssoErrorMessage } from "@/lib/sso-errors";
import { startSsoSignInAction, type SsoStartState } from "@/server/sso/actions";

/**
 * "Continue with single sign-on": a path of its own beside the password form. People in an SSO
 * domain never type a password here (their provider asks for it), while everyone else, including
 * the break-glass owner of a workspace that enforces SSO, keeps the password form as it is.
 */
export function SsoSignIn({ errorCode }: { errorCode?: string | null }) {
  const [state, action, pending] = useActionState<SsoStartState, FormData>(startSsoSignInAction, {});
  const queryError = ssoErrorMessage(errorCode);
  const [open, setOpen] = useState(false);
  const shown = open || !!queryError;
  const error = state.error ?? (state.values ? undefined : queryError);
  return (
    <div className="mt-6 space-y-3 border-t border-border pt-6">
      {!shown ? (
        <Button type="button" variant="secondary" className="w-full" onClick={() => setOpen(true)}>
          Continue with single sign-on
        </Button>
      ) : (
        <form action={action} className="space-y-3" noValidate aria-label="Single sign-on">
          {error ? <Alert variant="error">{error}</Alert> : null}
          <div className="space-y-1.5">
            <Label htmlFor="sso-email">Work email for single sign-on</Label>
            <Input id="sso-email" name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} autoFocus={open} />
          </div>
          <Button type="submit" variant="secondary" className="w-full" loading={pending}>
            Continue with single sign-on
          </Button>
        </form>
      )}
    </div>
  );
}
