"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { magicLinkSignInAction, type AccountFormState } from "@/server/accounts/actions";

// A button (a POST), not the link itself: mail scanners that open links must not spend it.
export function MagicLinkSignIn({ token, email }: { token: string; email: string }) {
  const t = useTranslations("AuthMagicLink");
  const [state, action, pending] = useActionState<AccountFormState, FormData>(magicLinkSignInAction, {});
  return (
    <form action={action} className="space-y-4">
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      <Button type="submit" className="w-full" loading={pending}>
        {/* A long address is cut short here; the page's description shows it whole. */}
        <span className="min-w-0 truncate">{t("signInAs", { email })}</span>
      </Button>
    </form>
  );
}
