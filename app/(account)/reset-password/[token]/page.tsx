import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/accounts/reset-password-form";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { buttonClassName } from "@/components/ui/button";
import { RESET_LINK_INVALID, viewPasswordReset } from "@/server/accounts/password-reset";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

// Opening the page does not spend the link (mail scanners open links); setting the password does.
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await viewPasswordReset(token);
  if (!link) {
    return (
      <AuthCard title="Reset your password">
        <div className="space-y-4">
          <Alert variant="warning">{RESET_LINK_INVALID}</Alert>
          <Link href="/forgot-password" className={buttonClassName({ className: "w-full" })}>
            Send a new link
          </Link>
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password" description={`For ${link.email}.`}>
      <ResetPasswordForm token={token} email={link.email} />
    </AuthCard>
  );
}
