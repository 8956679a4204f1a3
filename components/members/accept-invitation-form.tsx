"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { acceptInvitationAction, type AcceptState } from "@/server/members/actions";

export function AcceptInvitationForm({ token, tenantName }: { token: string; tenantName: string }) {
  const t = useTranslations("AuthInvite");
  const [state, action, pending] = useActionState<AcceptState, FormData>(acceptInvitationAction, {});
  return (
    <form action={action} className="space-y-4">
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      <Button type="submit" className="w-full" loading={pending}>
        {t("join", { tenant: tenantName })}
      </Button>
    </form>
  );
}
