import type { Metadata } from "next";
import Link from "next/link";
import { MagicLinkSignIn } from "@/components/accounts/magic-link-sign-in";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { buttonClassName } from "@/components/ui/button";
import { MAGIC_LINK_INVALID, viewMagicLink } from "@/server/accounts/magic-link";

export const metadata: Metadata = { title: "Sign in", referrer: "no-referrer" };

export default async function MagicLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await viewMagicLink(token);
  if (!link) {
    return (
      <AuthCard title="Sign in to Atrium">
        <div className="space-y-4">
          <Alert variant="warning">{MAGIC_LINK_INVALID}</Alert>
          <Link href="/sign-in" className={buttonClassName({ className: "w-full" })}>
            Go to sign-in
          </Link>
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Sign in to Atrium" description={<span className="break-words">This link signs you in as {link.email} on this device. It works once.</span>}>
      <MagicLinkSignIn token={token} email={link.email} />
    </AuthCard>
  );
}
