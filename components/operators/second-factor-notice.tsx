import { StatusPage } from "@/components/marketing/status-page";

/** What an operator without a second factor sees on every console page. */
export function OperatorSecondFactorNotice({ accountUrl }: { accountUrl: string }) {
  return (
    <StatusPage code="Operator console" title="Set up two-factor authentication first">
      <p>
        Operator accounts always need a second factor. <a href={accountUrl} className="font-medium text-primary underline-offset-4 hover:underline">Set it up in your account</a>, then
        open the console again.
      </p>
    </StatusPage>
  );
}
