import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";

type Props = { denied: { reason: string; message: string }; children: ReactNode };

/** A page the member may not see: the page's own words for a role, the policy's for anything else. */
export function NoAccess({ denied, children }: Props) {
  const t = useTranslations("Dashboard");
  return (
    <Alert variant="warning" title={t("noAccess")}>
      {denied.reason === "forbidden" ? children : denied.message}
    </Alert>
  );
}
