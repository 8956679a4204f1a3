"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { secondFactorSignInAction } from "@/server/two-factor/actions";
import type { FormState } from "@/server/auth/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldHint, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** The second step of signing in: a code from the authenticator app, or a recovery code instead. */
export function TwoFactorStep({ signInHref }: { signInHref: string }) {
  const t = useTranslations("AuthTwoFactor");
  const [state, action, pending] = useActionState<FormState, FormData>(secondFactorSignInAction, {});
  const [method, setMethod] = useState<"totp" | "recovery">(state.values?.method === "recovery" ? "recovery" : "totp");
  if (state.values?.ended) {
    return (
      <div className="space-y-4">
        <Alert variant="error">{state.error}</Alert>
        <Link href={signInHref} className="block text-center text-sm font-medium text-primary underline-offset-4 hover:underline">
          {t("signInAgain")}
        </Link>
      </div>
    );
  }
  const recovery = method === "recovery";
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
      <input type="hidden" name="method" value={method} />
      <div className="space-y-1.5">
        <Label htmlFor="second-factor-code">{recovery ? t("recoveryLabel") : t("codeLabel")}</Label>
        <Input
          key={method}
          id="second-factor-code"
          name="code"
          required
          autoFocus
          autoComplete={recovery ? "off" : "one-time-code"}
          inputMode={recovery ? "text" : "numeric"}
          maxLength={recovery ? 64 : 12}
          placeholder={recovery ? "XXXXX-XXXXX" : "123456"}
          aria-describedby="second-factor-hint"
          aria-invalid={!!state.error}
        />
        <FieldHint id="second-factor-hint">
          {recovery ? t("recoveryHint") : t("codeHint")}
        </FieldHint>
      </div>
      <Button type="submit" className="w-full" loading={pending}>
        {t("verify")}
      </Button>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <button type="button" className="font-medium text-primary underline-offset-4 hover:underline" onClick={() => setMethod(recovery ? "totp" : "recovery")}>
          {recovery ? t("useApp") : t("useRecovery")}
        </button>
        <Link href={signInHref} className="text-muted-foreground underline-offset-4 hover:underline">
          {t("cancel")}
        </Link>
      </div>
    </form>
  );
}
