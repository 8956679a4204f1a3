import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { AcceptInvitationForm } from "@/components/members/accept-invitation-form";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClassName } from "@/components/ui/button";
import { signOutAction } from "@/server/auth/actions";
import { getSessionUser } from "@/server/auth/current-user";
import { viewInvitation } from "@/server/members/invitations";
import { ROLE_LABELS } from "@/lib/permissions";

export const metadata: Metadata = { title: "Invitation" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, user] = await Promise.all([viewInvitation({ token }), getSessionUser()]);
  const here = `/invite/${token}`;

  if (invitation.state !== "pending") {
    const message =
      invitation.state === "invalid"
        ? "This invitation link is not valid. Check that you copied the whole link."
        : `This invitation to ${invitation.tenantName} has ${invitation.state === "accepted" ? "already been used" : invitation.state === "revoked" ? "been revoked" : "expired"}. Ask the person who invited you for a new one.`;
    return (
      <AuthCard title="Invitation">
        <Alert variant="warning">{message}</Alert>
      </AuthCard>
    );
  }

  const description = `You are invited to join ${invitation.tenantName} as ${ROLE_LABELS[invitation.role].toLowerCase()}. The invitation is for ${invitation.email} and expires on ${dateFormat.format(invitation.expiresAt)}.`;
  if (!user) {
    return (
      <AuthCard title={`Join ${invitation.tenantName}`} description={description}>
        <div className="space-y-3">
          <Link href={`/sign-up?${new URLSearchParams({ next: here, email: invitation.email })}`} className={buttonClassName({ className: "w-full" })}>
            Create an account
          </Link>
          <Link href={`/sign-in?${new URLSearchParams({ next: here })}`} className={buttonClassName({ variant: "outline", className: "w-full" })}>
            I already have an account
          </Link>
        </div>
      </AuthCard>
    );
  }
  if (user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    return (
      <AuthCard title={`Join ${invitation.tenantName}`} description={description}>
        <Alert variant="warning" title="Different account">
          You are signed in as {user.email}. Sign out, then open this link again and sign in (or sign up) as {invitation.email}.
        </Alert>
        <form action={signOutAction} className="mt-4">
          <Button type="submit" variant="outline" className="w-full">
            Sign out
          </Button>
        </form>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={`Join ${invitation.tenantName}`} description={description}>
      <AcceptInvitationForm token={token} tenantName={invitation.tenantName} />
    </AuthCard>
  );
}
