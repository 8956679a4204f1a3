"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { SSO_ERROR_MESSAGES, type SsoErrorCode } from "@/lib/sso-errors";
import { startSsoSignInAction, type SsoStartState } from "@/server/sso/actions";

/**
 * "Continue with single sign-on": a path of its own beside the password form. People in an SSO
 * domain never type a password here (their provider asks for it), while everyone else, including
 * the break-glass owner of a workspace that enforces SSO, keeps the password form as it is.
 */
function isSsoErrorCode(code: string | null | undefined): code is SsoErrorCode {
  return !!code && Object.hasOwn(SSO_ERROR_MESSAGES, code);
}

export function SsoSignIn({ errorCode }: { errorCode?: string | null }) {
  const t = useTranslations("AuthSso");
  const [state, action, pending] = useActionState<SsoStartState, FormData>(startSsoSignInAction, {});
  const queryError = isSsoErrorCode(errorCode) ? t(`error.${errorCode}`) : undefined;
  const [open, setOpen] = useState(false);
  const shown = open || !!queryError;
  const error = state.error ?? (state.values ? undefined : queryError);
  return (
    <div className="mt-6 space-y-3 border-t border-border pt-6">
      {!shown ? (
        <Button type="button" variant="secondary" className="w-full" onClick={() => setOpen(true)}>
          {t("continue")}
        </Button>
      ) : (
        <form action={action} className="space-y-3" noValidate aria-label={t("formLabel")}>
          {error ? <Alert variant="error">{error}</Alert> : null}
          <div className="space-y-1.5">
            <Label htmlFor="sso-email">{t("email")}</Label>
            <Input id="sso-email" name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} autoFocus={open} />
          </div>
          <Button type="submit" variant="secondary" className="w-full" loading={pending}>
            {t("continue")}
          </Button>
        </form>
      )}
    </div>
  );
}
