import type { ReactNode } from "react";
import { IntlProvider } from "@/components/i18n/intl-provider";
import { APP_AREAS } from "@/lib/i18n/messages";

// Everything on a workspace's host (public page, sign-in, dashboard) in the person's language.
export default function TenantHostLayout({ children }: { children: ReactNode }) {
  return <IntlProvider areas={APP_AREAS}>{children}</IntlProvider>;
}
