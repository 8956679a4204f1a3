import type { Metadata } from "next";
import { ApexSignUp } from "@/components/auth/apex-sign-up";

export const metadata: Metadata = { title: "Create your account" };

export default function SignUpPage() {
  return <ApexSignUp />;
}
