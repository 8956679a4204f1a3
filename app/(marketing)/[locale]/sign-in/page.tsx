import type { Metadata } from "next";
import { ApexSignIn } from "@/components/auth/apex-sign-in";
import { AuthCard } from "@/components/auth/auth-card";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <AuthCard title="Sign in to Atrium" description="Welcome back.">
      <ApexSignIn />
    </AuthCard>
  );
}
