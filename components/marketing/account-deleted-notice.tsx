"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { QueryReader } from "./query-reader";

/** Shown on the (prerendered) landing page after an account deletion; the query is read on the client. */
export function AccountDeletedNotice() {
  const t = useTranslations("MarketingLanding");
  const [query, setQuery] = useState<URLSearchParams | null>(null);
  return (
    <>
      <QueryReader onRead={setQuery} />
      {query?.has("accountDeleted") ? (
        <div className="mx-auto max-w-6xl px-4 pt-6">
          <Alert variant="success" title={t("deletedTitle")}>
            {t("deletedBody")}
          </Alert>
        </div>
      ) : null}
    </>
  );
}
