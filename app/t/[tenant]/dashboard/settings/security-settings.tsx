import { useTranslations } from "next-intl";
import { RequireTwoFactorSetting } from "@/components/settings/require-two-factor-setting";
import { hasPermission, type MembershipRole } from "@/lib/permissions";
import { env } from "@/server/env";
import { originFor } from "@/server/hosts/parse-host";

/** Settings → Security (owners only): the two-factor policy. */
export function SecuritySettings({ tenant }: { tenant: { role: MembershipRole; requireTwoFactor: boolean } }) {
  const t = useTranslations("WorkspaceSecurity.twoFactor");
  if (!hasPermission(tenant.role, "security:manage")) return null;
  return (
    <section aria-labelledby="two-factor-policy-heading" className="space-y-4">
      <h2 id="two-factor-policy-heading" className="text-lg font-semibold tracking-tight">
        {t("heading")}
      </h2>
      <RequireTwoFactorSetting required={tenant.requireTwoFactor} accountUrl={`${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/account#two-factor`} />
    </section>
  );
}
