import { VerifyEmailBanner } from "@/components/accounts/verify-email-banner";
import { unverifiedEmailOf } from "@/server/accounts/email-verification";

/**
 * The "confirm your email" banner, rendered where actions that need a confirmed address are
 * offered. Nothing (and, once confirmed, no database read: see unverifiedEmailOf) otherwise.
 */
export async function VerifyEmailNotice({ userId, className }: { userId: string; className?: string }) {
  const email = await unverifiedEmailOf(userId);
  return email ? <VerifyEmailBanner email={email} className={className} /> : null;
}
