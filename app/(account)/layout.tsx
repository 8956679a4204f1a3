import type { ReactNode } from "react";
import { SignedInLinks, SignedOutLinks, SiteFooter, SiteHeader } from "@/components/marketing/site-header";
import { getSessionUser } from "@/server/auth/current-user";
import { IntlProvider } from "@/components/i18n/intl-provider";
import { APP_AREAS } from "@/lib/i18n/messages";

// Apex pages that depend on who is asking (your workspaces, a new workspace, invitations, your
// account, the dev outbox): rendered per request, so the header knows the session on the server.
export default async function AccountLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  return (
    <IntlProvider areas={APP_AREAS}>
      <div className="flex min-h-dvh flex-col">
        <SiteHeader account={user ? <SignedInLinks /> : <SignedOutLinks />} />
        <main id="main" className="flex-1">{children}</main>
        <SiteFooter />
      </div>
    </IntlProvider>
  );
}
