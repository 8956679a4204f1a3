"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
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
  async function dismiss() {
    setPending(true);
    const result = await callTrpc((client) => client.tenant.completeOnboarding.mutate({ skipped: true }));
    setPending(false);
    if (result.ok) router.refresh();
    else toast({ title: t("dismissFailed"), description: result.error.message, variant: "error" });
  }
  return (
    <Button type="button" variant="ghost" loading={pending} onClick={() => void dismiss()}>
      {t("dismiss")}
    </Button>
  );
}
