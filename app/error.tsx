"use client";

import { useTranslations } from "next-intl";
import { ErrorScreen } from "@/components/errors/error-screen";

export default function ErrorPage({ reset, error }: { reset: () => void; error: Error & { digest?: string } }) {
  const t = useTranslations("Status");
  const words = {
    error: t("error"),
    unavailableTitle: t("unavailableTitle"),
    errorTitle: t("errorTitle"),
    unavailableBody: t("unavailableBody"),
    errorBody: t("errorBody", { digest: error.digest ?? "none" }),
    tryAgain: t("tryAgain"),
  };
  return <ErrorScreen reset={reset} words={words} />;
}
