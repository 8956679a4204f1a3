"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { QueryReader } from "./query-reader";

/** Shown on the (prerendered) landing page after an account deletion; the query is read on the client. */
export function AccountDeletedNotice() {
  const [query, setQuery] = useState<URLSearchParams | null>(null);
  return (
    <>
      <QueryReader onRead={setQuery} />
      {query?.has("accountDeleted") ? (
        <div className="mx-auto max-w-6xl px-4 pt-6">
          <Alert variant="success" title="Your account has been deleted">
            You have been signed out and removed from every workspace. Thank you for using Atrium.
          </Alert>
        </div>
      ) : null}
    </>
  );
}
