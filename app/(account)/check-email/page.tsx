import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { VerifyEmailBanner } from "@/components/accounts/verify-email-banner";
import { AuthCard } from "@/components/auth/auth-card";
import { buttonClassName } from "@/components/ui/button";
import { unverifiedEmailOf } from "@/server/accounts/email-verification";
import { getSessionUser } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Check your email" };

/** Where sign-up lands: the address is to be confirmed; meanwhile the person may look around. */
export default async function CheckEmailPage() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in?next=/workspaces");
  const pending = await unverifiedEmailOf(user.id);
  if (!pending) redirect("/new");
  return (
    <AuthCard title="Check your email" description="One step before your workspace: confirm your address with the link we just sent.">
      <div className="space-y-4">
        <VerifyEmailBanner email={pending} />
        <div className="flex flex-wrap gap-2">
          <Link href="/workspaces" className={buttonClassName({ variant: "outline", size: "sm" })}>
            Your workspaces
          </Link>
          <Link href="/pricing" className={buttonClassName({ variant: "outline", size: "sm" })}>
            Plans and pricing
          </Link>
          <Link href="/account" className={buttonClassName({ variant: "outline", size: "sm" })}>
            Your account
          </Link>
        </div>
      </div>
    </AuthCard>
  );
}
