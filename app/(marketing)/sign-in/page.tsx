import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getSessionUser } from "@/server/auth/current-user";
import { apexNext } from "@/lib/safe-redirect";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  if (await getSessionUser()) redirect(apexNext(params.next));
  const notice = params.error === "handoff"
    ? "That sign-in link has expired or was already used. Please sign in."
    : params.signedOut
      ? "You have been signed out."
      : undefined;
  return (
    <AuthCard title="Sign in to Atrium" description="Welcome back.">
      <SignInForm next={apexNext(params.next)} notice={notice} />
    </AuthCard>
  );
}
