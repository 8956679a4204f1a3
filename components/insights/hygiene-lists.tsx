import Link from "next/link";
import { useTranslations } from "next-intl";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ROLE_LABELS, type MembershipRole } from "@/lib/permissions";
import type { InsightFacts } from "./types";

type Hygiene = InsightFacts["hygiene"];

const linkClass = "font-medium text-primary underline-offset-4 hover:underline focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none pointer-coarse:inline-flex pointer-coarse:min-h-10 pointer-coarse:items-center";
const isRole = (role: string): role is MembershipRole => Object.hasOwn(ROLE_LABELS, role);

export function HygieneLists({ hygiene }: { hygiene: Hygiene }) {
  const t = useTranslations("BillingInsights.hygiene");
  const roleLabel = (role: string) => (isRole(role) ? t(`role.${role}`) : role);
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card data-testid="insight-inactive-members">
        <CardHeader className="pb-2 sm:pb-3">
          <CardTitle as="h3">{t("inactive", { count: hygiene.inactiveMembers.length })}</CardTitle>
        </CardHeader>
        <CardContent className="space-y-3 text-sm">
          {hygiene.inactiveMembers.length === 0 ? (
            <p className="text-muted-foreground">{t("allActive")}</p>
          ) : (
            <ul className="divide-y divide-border">
              {hygiene.inactiveMembers.map((m) => (
                <li key={m.userId} className="flex flex-wrap justify-between gap-x-4 py-1.5">
                  <span className="min-w-0 break-words">
                    {m.name ?? m.email} <span className="text-muted-foreground">({roleLabel(m.role)})</span>
                  </span>
                  <span className="tabular-nums text-muted-foreground">{m.neverSignedIn ? t("neverSignedIn", { days: m.daysInactive }) : t("lastSeen", { days: m.daysInactive })}</span>
                </li>
              ))}
            </ul>
          )}
          <Link href="/dashboard/members" className={linkClass}>
            {t("goToMembers")}
          </Link>
        </CardContent>
      </Card>
      <Card data-testid="insight-keys">
        <CardHeader className="pb-2 sm:pb-3">
          <CardTitle as="h3">{t("keys", { count: hygiene.keys.length })}</CardTitle>
        </CardHeader>
        <CardContent className="space-y-3 text-sm">
          {hygiene.keys.length === 0 ? (
            <p className="text-muted-foreground">{t("allKeysFine")}</p>
          ) : (
            <ul className="divide-y divide-border">
              {hygiene.keys.map((k) => (
                <li key={k.id} className="flex flex-wrap justify-between gap-x-4 py-1.5">
                  <span className="min-w-0 break-words">
                    {k.name} <code className="font-mono text-xs text-muted-foreground">{k.prefix}…</code>
                  </span>
                  <span className="text-muted-foreground">
                    {[
                      ...(k.unused ? [k.neverUsed ? t("neverUsed", { days: k.daysUnused }) : t("unusedFor", { days: k.daysUnused })] : []),
                      ...(k.noExpiry ? [t("noExpiry")] : []),
                    ].join(", ")}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <Link href="/dashboard/api-keys" className={linkClass}>
            {t("goToKeys")}
          </Link>
        </CardContent>
      </Card>
    </div>
  );
}
