import { ChangeEmailForm } from "@/components/accounts/change-email-form";
import { pendingEmailChange } from "@/server/accounts/email-change";
import { VerifyEmailNotice } from "./verify-email-notice";

/** The account page's email section: the banner while unconfirmed, and changing the address. */
export async function AccountEmailSection({ userId, email, changed, cancelled }: { userId: string; email: string; changed: boolean; cancelled: boolean }) {
  const pending = await pendingEmailChange(userId);
  return (
    <>
      <VerifyEmailNotice userId={userId} />
      <ChangeEmailForm email={email} changed={changed} cancelled={cancelled} pending={pending ? { to: pending.to, expiresAt: pending.expiresAt.toISOString() } : null} />
    </>
  );
}
