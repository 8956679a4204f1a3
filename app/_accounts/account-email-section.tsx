import { ChangeEmailForm } from "@/components/accounts/change-email-form";
import { VerifyEmailNotice } from "./verify-email-notice";

/** The account page's email section: the banner while unconfirmed, and changing the address. */
export function AccountEmailSection({ userId, email, changed }: { userId: string; email: string; changed: boolean }) {
  return (
    <>
      <VerifyEmailNotice userId={userId} />
      <ChangeEmailForm email={email} changed={changed} />
    </>
  );
}
