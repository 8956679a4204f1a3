import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { StatusPage } from "@/components/marketing/status-page";
import { getSessionUser } from "@/server/auth/current-user";
import { getUserById } from "@/server/users/get-user";

// A generic title: the page must not reveal itself to non-operators (they get not-found).
export const metadata: Metadata = { title: "Atrium" };

// Operators only; everyone else (signed in or not) gets not-found.
export default async function OperatorConsolePage() {
  const session = await getSessionUser();
  const user = session ? await getUserById(session.id) : null;
  if (!user?.isOperator) notFound();
  return (
    <StatusPage code="Operator console" title={`Hello, ${user.name}`}>
      <p>The operator console (all tenants, lifecycle actions, revenue and health) is coming soon.</p>
    </StatusPage>
  );
}
