"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { resendVerificationAction, type AccountFormState } from "@/server/accounts/actions";

/** Until the address is confirmed: what is held back, and a (throttled) way to get a new link. */
export function VerifyEmailBanner({ email, className }: { email: string; className?: string }) {
  const t = useTranslations("AuthVerifyEmail");
  const [state, action, pending] = useActionState<AccountFormState, FormData>(resendVerificationAction, {});
  return (
    <Alert variant="warning" title={t("bannerTitle")} className={className} data-testid="verify-email-banner">
      <p>
        {t.rich("bannerText", { email, strong: (chunks) => <strong className="break-all">{chunks}</strong> })}
      </p>
      <form action={action} className="mt-2 flex flex-wrap items-center gap-3">
        <Button type="submit" size="sm" variant="outline" loading={pending}>
          {t("resend")}
        </Button>
        {state.done ? <span role="status">{state.done}</span> : null}
        {state.error ? <span className="text-destructive">{state.error}</span> : null}
      </form>
    </Alert>
  );
}
