import type { ReactNode } from "react";
import { RecheckOnRestore } from "@/components/auth/recheck-on-restore";
import { SignedInLinks, SignedOutLinks, SiteFooter, SiteHeader } from "@/components/marketing/site-header";
import { getSessionUser } from "@/server/auth/current-user";

// Apex pages that depend on who is asking (your workspaces, a new workspace, invitations, your
// account, the dev outbox): rendered per request, so the header knows the session on the server.
// Each page hands its client components their words (withClientMessages).
export default async function AccountLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  return (
    <div className="flex min-h-dvh flex-col">
      {user ? <RecheckOnRestore email={user.email} /> : null}
      <SiteHeader account={user ? <SignedInLinks /> : <SignedOutLinks />} />
      <main id="main" className="flex-1">{children}</main>
      <SiteFooter />
    </div>
  );
}
