import type { Metadata } from "next";
import { ConfirmEmailChangeForm } from "@/components/accounts/confirm-email-change-form";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { EMAIL_CHANGE_INVALID, viewEmailChange } from "@/server/accounts/email-change";

export const metadata: Metadata = { title: "Confirm your new email", referrer: "no-referrer" };

export default async function ConfirmEmailChangePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const change = await viewEmailChange(token);
  if (!change) {
    return (
      <AuthCard title="Confirm your new email">
        <Alert variant="warning">{EMAIL_CHANGE_INVALID}</Alert>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Confirm your new email" description={<span className="break-words">{`Your Atrium account ${change.from} will use ${change.to} from now on. Every session is signed out, except this one if you are signed in here.`}</span>}>
      <ConfirmEmailChangeForm token={token} to={change.to} />
    </AuthCard>
  );
}
