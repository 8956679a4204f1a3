import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { StatusPage } from "@/components/marketing/status-page";
import { getSessionUser } from "@/server/auth/current-user";
import { getUserById } from "@/server/users/get-user";
import { hasSecondFactor } from "@/server/auth/second-factor";
import { env } from "@/server/env";
import { originFor } from "@/server/hosts/parse-host";

// A generic title: the page must not reveal itself to non-operators (they get not-found).
export const metadata: Metadata = { title: "Atrium" };

// Operators only; everyone else (signed in or not) gets not-found.
export default async function OperatorConsolePage() {
  const session = await getSessionUser();
  const user = session ? await getUserById(session.id) : null;
  if (!user?.isOperator) notFound();
  if (!(await hasSecondFactor(user.id))) {
    const account = `${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/account#two-factor`;
    return (
      <StatusPage code="Operator console" title="Set up two-factor authentication first">
        <p>
          Operator accounts always need a second factor. <a href={account} className="font-medium text-primary underline-offset-4 hover:underline">Set it up in your account</a>, then
          open the console again.
        </p>
      </StatusPage>
    );
  }
  return (
    <StatusPage code="Operator console" title={`Hello, ${user.name}`}>
      <p>The operator console (all tenants, lifecycle actions, revenue and health) is coming soon.</p>
    </StatusPage>
  );
}
