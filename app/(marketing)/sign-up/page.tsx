import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getSessionUser } from "@/server/auth/current-user";
import { apexNext } from "@/lib/safe-redirect";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const query = await searchParams;
  const next = apexNext(query.next);
  if (await getSessionUser()) redirect(next.startsWith("/invite/") ? next : "/new");
  const invited = next.startsWith("/invite/");
  return (
    <AuthCard title="Create your account" description={invited ? "Create your account, then accept the invitation." : "Start a 14-day trial. No card required."}>
      <SignUpForm next={invited ? next : undefined} email={invited ? query.email : undefined} />
    </AuthCard>
  );
}
