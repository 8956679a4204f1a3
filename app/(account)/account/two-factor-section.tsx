import { TwoFactorDisable } from "@/components/account/two-factor-disable";
import { TwoFactorEnrolment } from "@/components/account/two-factor-enrolment";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { listWorkspacesRequiringTwoFactor } from "@/server/db/cross-tenant";
import { getTwoFactorStatus } from "@/server/two-factor/get-two-factor-status";
import { getUserById } from "@/server/users/get-user";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

/** Account page: the authenticator app (TOTP), and who requires one. */
export async function TwoFactorSection({ userId }: { userId: string }) {
  const [status, requiredBy, user] = await Promise.all([getTwoFactorStatus(userId), listWorkspacesRequiringTwoFactor(userId), getUserById(userId)]);
  const reasons = [
    ...requiredBy.map((w) => `${w.name} requires two-factor authentication for its members.`),
    ...(user?.operatorRole ? ["Platform operator accounts require two-factor authentication to open the operator console."] : []),
  ];
  return (
    <Card id="two-factor">
      <CardHeader>
        <CardTitle>
          <span className="flex items-center gap-2">
            Two-factor authentication {status.enabled ? <Badge variant="success">On</Badge> : <Badge variant="outline">Off</Badge>}
          </span>
        </CardTitle>
        <CardDescription>A code from an authenticator app on your phone, asked for after your password.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {!status.enabled && reasons.length ? (
          <Alert variant="warning" title="Set up two-factor authentication to continue">
            {reasons.map((r) => (
              <span key={r} className="block">
                {r}
              </span>
            ))}
          </Alert>
        ) : null}
        {status.enabled ? (
          <>
            <p className="text-sm">
              On since {status.enabledAt ? dateFormat.format(status.enabledAt) : "recently"}.{" "}
              <span data-testid="recovery-codes-left">
                {status.recoveryCodesLeft} of 10 recovery codes left.
              </span>
            </p>
            <TwoFactorDisable />
          </>
        ) : (
          <TwoFactorEnrolment />
        )}
      </CardContent>
    </Card>
  );
}
