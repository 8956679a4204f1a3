"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { callTrpc } from "@/components/trpc/lazy";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

/** Hides the guided setup for good (the checklist below stays until its items are done). */
export function DismissSetup() {
  const t = useTranslations("DashboardOnboarding");
  const router = useRouter();
  const { toast } = useToast();
  // The Overview loads no tRPC client; this one call fetches it (components/trpc/lazy.ts).
  const [pending, setPending] = useState(false);
  // Busy until the refreshed page has replaced the setup card, so a second click sends nothing.
  const [refreshing, startRefresh] = useTransition();
  async function dismiss() {
    setPending(true);
    const result = await callTrpc((client) => client.tenant.completeOnboarding.mutate({ skipped: true }));
    setPending(false);
    if (result.ok) startRefresh(() => router.refresh());
    else toast({ title: t("dismissFailed"), description: result.error.message, variant: "error" });
  }
  return (
    <Button type="button" variant="ghost" loading={pending || refreshing} onClick={() => void dismiss()}>
      {t("dismiss")}
    </Button>
  );
}
