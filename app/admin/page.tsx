import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StatusPage } from "@/components/marketing/status-page";
import { OperatorSecondFactorNotice } from "@/components/operators/second-factor-notice";
import { operatorAccess } from "@/server/auth/operator-access";
import { env } from "@/server/env";
import { originFor } from "@/server/hosts/parse-host";

// A generic title: the page must not reveal itself to non-operators (they get not-found).
export const metadata: Metadata = { title: "Atrium" };

// Operators only; everyone else (signed in or not) gets not-found.
export default async function OperatorConsolePage() {
  const access = await operatorAccess();
  if (access.kind === "none") notFound();
  if (access.kind === "needs-second-factor") {
    return <OperatorSecondFactorNotice accountUrl={`${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/account#two-factor`} />;
  }
  return (
    <StatusPage code="Operator console" title={`Hello, ${access.user.name}`}>
      <p>The operator console (all tenants, lifecycle actions, revenue and health) is coming soon.</p>
      <p className="mt-4">
        <Link href="/jobs" className="font-medium text-primary underline-offset-4 hover:underline">
          Background jobs
        </Link>
      </p>
    </StatusPage>
  );
}
