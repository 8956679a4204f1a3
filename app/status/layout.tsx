import type { ReactNode } from "react";
import { IntlProvider } from "@/components/i18n/intl-provider";
import { APP_AREAS } from "@/lib/i18n/messages";

// The status pages proxy.ts rewrites to: the suspended workspace's page shows members' controls
// (leave the workspace, the support banner), so their words come along.
export default function StatusLayout({ children }: { children: ReactNode }) {
  return <IntlProvider areas={APP_AREAS}>{children}</IntlProvider>;
}
