import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getSessionUser } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage() {
  if (await getSessionUser()) redirect("/new");
  return (
    <AuthCard title="Create your account" description="Start a 14-day trial. No card required.">
      <SignUpForm />
    </AuthCard>
  );
}
