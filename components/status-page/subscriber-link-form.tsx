"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { confirmSubscriptionAction, unsubscribeAction, type StatusActionResult } from "@/server/status-page/actions";

/**
 * The button behind a confirmation or unsubscribe link: opening the link changes nothing (mail
 * scanners open links), pressing the button does.
 */
export function SubscriberLinkForm({ purpose, subscriberId, token, label }: { purpose: "confirm" | "unsubscribe"; subscriberId: string; token: string; label: string }) {
  const [state, submit, pending] = useActionState<StatusActionResult, FormData>(purpose === "confirm" ? confirmSubscriptionAction : unsubscribeAction, null);
  if (state?.ok) return <Alert variant="success">{state.message}</Alert>;
  return (
    <form action={submit} className="space-y-3">
      {state && !state.ok ? <Alert variant="error">{state.error}</Alert> : null}
      <input type="hidden" name="s" value={subscriberId} />
      <input type="hidden" name="t" value={token} />
      <Button type="submit" disabled={pending}>
        {pending ? "One moment…" : label}
      </Button>
    </form>
  );
}
