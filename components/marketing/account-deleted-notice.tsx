"use client";

import { useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { Alert } from "@/components/ui/alert";

function Notice() {
  if (!useSearchParams().has("accountDeleted")) return null;
  return (
    <div className="mx-auto max-w-6xl px-4 pt-6">
      <Alert variant="success" title="Your account has been deleted">
        You have been signed out and removed from every workspace. Thank you for using Atrium.
      </Alert>
    </div>
  );
}

/** Shown on the (prerendered) landing page after an account deletion; the query is read on the client. */
export function AccountDeletedNotice() {
  return (
    <Suspense fallback={null}>
      <Notice />
    </Suspense>
  );
}
