import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { PageHeader } from "@/components/dashboard/page-header";
import { Alert } from "@/components/ui/alert";

type Props = { denied: { reason: string; message: string }; children: ReactNode; /** The page's own heading; a page that draws its header itself leaves it out. */ title?: string };

/** A page the member may not see: its heading, then the page's own words for a role, the policy's for anything else. */
export function NoAccess({ denied, children, title }: Props) {
  const t = useTranslations("Dashboard");
  return (
    <>
      {title ? <PageHeader title={title} /> : null}
      <Alert variant="warning" title={t("noAccess")}>
        {denied.reason === "forbidden" ? children : denied.message}
      </Alert>
    </>
  );
}
