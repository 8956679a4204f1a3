import type { ReactNode } from "react";
import { RecheckOnRestore } from "@/components/auth/recheck-on-restore";
import { OperatorSecondFactorNotice } from "@/components/operators/second-factor-notice";
import { requireOperatorPage } from "@/server/auth/operator-access";
import { env } from "@/server/env";
import { originFor } from "@/server/hosts/parse-host";

/**
 * The console's gate, in the layout so it runs before the loading state streams: a signed-out
 * visitor gets a real redirect to sign in and everyone else a real 404 (inside the loading
 * boundary they would be a 200 page that redirects or says not found). Pages ask again for
 * their own reads (operatorAccess is once per request).
 */
export default async function OperatorConsoleLayout({ children }: { children: ReactNode }) {
  const access = await requireOperatorPage();
  if (access.kind === "needs-second-factor") {
    return <OperatorSecondFactorNotice accountUrl={`${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/account#two-factor`} />;
  }
  return (
    <>
      <RecheckOnRestore email={access.user.email} />
      {children}
    </>
  );
}
