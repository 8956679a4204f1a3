"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";

/** After checkout: access is granted by the webhook, so poll until it has arrived. */
export function CheckoutProcessing() {
  const t = useTranslations("Billing.processing");
  const router = useRouter();
  const [tries, setTries] = useState(0);
  useEffect(() => {
    if (tries >= 30) return;
    const id = setTimeout(() => {
      setTries((t) => t + 1);
      router.refresh();
    }, 2000);
    return () => clearTimeout(id);
  }, [tries, router]);
  return (
    <Alert variant="info" title={t("title")}>
      {tries < 30 ? t("waiting") : t("slow")}
    </Alert>
  );
}
