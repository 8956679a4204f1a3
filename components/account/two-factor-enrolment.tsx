"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { totpEnrolmentAction, type EnrolmentState } from "@/server/two-factor/actions";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClassName } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

function recoveryCodesFile(codes: string[], title: string, intro: string): string {
  const text = [title, intro, "", ...codes, ""].join("\n");
  return `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;
}

/** Setup in three steps on one card: start, scan and confirm, then the recovery codes (shown once). */
export function TwoFactorEnrolment() {
  const t = useTranslations("AccountTwoFactor.enrolment");
  const [state, action, pending] = useActionState<EnrolmentState, FormData>(totpEnrolmentAction, {});
  if (state.recoveryCodes) {
    return (
      <div className="space-y-4">
        <Alert variant="success" title={t("onTitle")}>
          {t("saveCodes")}
        </Alert>
        <ol aria-label={t("codesLabel")} className="grid grid-cols-2 gap-2 rounded-md border border-border bg-muted/40 p-4 font-mono text-sm">
          {state.recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ol>
        <div className="flex flex-wrap gap-2">
          <a href={recoveryCodesFile(state.recoveryCodes, t("fileTitle"), t("fileIntro"))} download="atrium-recovery-codes.txt" className={buttonClassName({ variant: "outline" })}>
            {t("download")}
          </a>
          {/* A full load: the account page then shows two-factor as on, and the codes are gone from memory. */}
          <a href="/account" className={buttonClassName({})}>
            {t("saved")}
          </a>
        </div>
      </div>
    );
  }
  if (state.secret && state.qrDataUrl) {
    return (
      <form action={action} className="space-y-4" noValidate>
        <input type="hidden" name="intent" value="confirm" />
        <p className="text-sm">{t("scan")}</p>
        {/* A data URL drawn on our server: the secret never reaches another service. */}
        <img src={state.qrDataUrl} alt={t("qrAlt")} width={192} height={192} className="rounded-md border border-border bg-white" />
        <div className="space-y-1">
          <p className="text-sm text-muted-foreground">{t("cannotScan")}</p>
          <code data-testid="totp-secret" className="block break-all rounded-md bg-muted px-3 py-2 font-mono text-sm">
            {state.secret}
          </code>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="totp-confirm-code">{t("code")}</Label>
          <Input
            id="totp-confirm-code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={12}
            defaultValue={state.values?.code}
            aria-invalid={!!state.fieldErrors?.code}
            aria-describedby="totp-confirm-code-error"
            className="max-w-40"
          />
          <FieldError id="totp-confirm-code-error">{state.fieldErrors?.code?.[0]}</FieldError>
          {state.error && !state.fieldErrors ? <FieldError>{state.error}</FieldError> : null}
        </div>
        <Button type="submit" loading={pending}>
          {t("turnOn")}
        </Button>
      </form>
    );
  }
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="intent" value="start" />
      {state.error && !state.fieldErrors?.password ? <Alert variant="error">{state.error}</Alert> : null}
      <div className="space-y-1.5">
        <Label htmlFor="totp-start-password">{t("password")}</Label>
        <Input
          id="totp-start-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="max-w-xs"
          aria-invalid={state.fieldErrors?.password ? true : undefined}
          aria-describedby={state.fieldErrors?.password ? "totp-start-password-error" : undefined}
        />
        <FieldError id="totp-start-password-error">{state.fieldErrors?.password?.[0]}</FieldError>
      </div>
      <Button type="submit" loading={pending}>
        {t("start")}
      </Button>
    </form>
  );
}
