"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { SsoConnectionForm } from "./sso-connection-form";
import { SsoDomains } from "./sso-domains";
import { SsoEnforcementForm } from "./sso-enforcement-form";

/** Settings → Security → Single sign-on. Owners change it; admins see it read-only. */
export function SsoSettings({ canManage, callbackUrl }: { canManage: boolean; callbackUrl: string }) {
  const t = useTranslations("WorkspaceSso");
  const trpc = useTRPC();
  const settings = useQuery(trpc.sso.get.queryOptions());
  if (settings.isPending) return <p className="text-sm text-muted-foreground" role="status">{t("loading")}</p>;
  if (settings.isError) return <Alert variant="error">{t("loadError", { message: toClientError(settings.error).message })}</Alert>;
  const data = settings.data;
  return (
    <section aria-labelledby="sso-heading" className="space-y-6">
      <div>
        <h2 id="sso-heading" className="text-lg font-semibold">
          {t("heading")}
        </h2>
        <p className="text-sm text-muted-foreground">{t("intro")}</p>
      </div>
      {!data.allowed ? (
        <Alert variant="warning" title={t("enterpriseTitle")}>
          {t.rich("enterpriseBody", {
            link: (chunks) => (
              <Link href="/dashboard/billing" className="font-medium underline">
                {chunks}
              </Link>
            ),
          })}
        </Alert>
      ) : null}
      {!canManage ? <Alert variant="info">{t("ownersOnly")}</Alert> : null}
      <SsoConnectionForm key={data.connection?.updatedAt.toString() ?? "new"} connection={data.connection} disabled={!canManage || !data.allowed} callbackUrl={callbackUrl} />
      <SsoDomains domains={data.domains} disabled={!canManage || !data.allowed} />
      <SsoEnforcementForm
        key={`${data.enforced}-${data.breakGlassUserId}`}
        enforced={data.enforced}
        breakGlassUserId={data.breakGlassUserId}
        owners={data.owners}
        hasConnection={!!data.connection}
        disabled={!canManage || !data.allowed}
      />
    </section>
  );
}
