"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClassName } from "@/components/ui/button";
import { confirmEmailChangeAction, type AccountFormState } from "@/server/accounts/actions";

// A button (a POST), so a mail scanner opening the link does not change the address.
export function ConfirmEmailChangeForm({ token, to }: { token: string; to: string }) {
  const t = useTranslations("AuthEmailChange");
  const [state, action, pending] = useActionState<AccountFormState, FormData>(confirmEmailChangeAction, {});
  if (state.done) {
    return (
      <div className="space-y-4">
        <Alert variant="success">{state.done}</Alert>
        <Link href="/sign-in" className={buttonClassName({ className: "w-full" })}>
          {t("signIn")}
        </Link>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-4">
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      <Button type="submit" className="w-full" loading={pending}>
        <span className="min-w-0 truncate">{t("use", { email: to })}</span>
      </Button>
    </form>
  );
}
