import type { Metadata } from "next";
import Link from "next/link";
import { VerifyEmailBanner } from "@/components/accounts/verify-email-banner";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { buttonClassName } from "@/components/ui/button";
import { unverifiedEmailOf, verifyEmail } from "@/server/accounts/email-verification";
import { getSessionUser } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Confirm your email", referrer: "no-referrer" };

// Following the link confirms the address, signed in or not.
export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [result, user] = await Promise.all([verifyEmail(token), getSessionUser()]);
  if (result.state !== "invalid") {
    return (
      <AuthCard title="Email address confirmed">
        <div className="space-y-4">
          <Alert variant="success">{result.email} is confirmed. You can now create a workspace, invite people and choose a plan.</Alert>
          <Link href={user ? "/new" : "/sign-in?next=/new"} className={buttonClassName({ className: "w-full" })}>
            {user ? "Create a workspace" : "Sign in"}
          </Link>
        </div>
      </AuthCard>
    );
  }
  const pending = user ? await unverifiedEmailOf(user.id) : null;
  return (
    <AuthCard title="Confirm your email">
      <div className="space-y-4">
        <Alert variant="warning">This confirmation link has expired or was already used.</Alert>
        {pending ? (
          <VerifyEmailBanner email={pending} />
        ) : user ? (
          <Link href="/workspaces" className={buttonClassName({ className: "w-full" })}>
            Your workspaces
          </Link>
        ) : (
          <p className="text-sm text-muted-foreground">
            <Link href="/sign-in?next=/workspaces" className="font-medium text-primary underline-offset-4 hover:underline">
              Sign in
            </Link>{" "}
            to get a new link.
          </p>
        )}
      </div>
    </AuthCard>
  );
}
