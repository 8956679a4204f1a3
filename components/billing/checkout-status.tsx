"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";

/** After checkout: access is granted by the webhook, so poll until it has arrived. */
export function CheckoutProcessing() {
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
    <Alert variant="info" title="Processing your payment…">
      {tries < 30
        ? "We are waiting for the payment provider to confirm. This page updates by itself."
        : "This is taking longer than usual. Refresh in a minute; you will not be charged twice."}
    </Alert>
  );
}
