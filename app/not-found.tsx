import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { NotFoundSignOut } from "@/components/auth/not-found-sign-out";
import { StatusPage } from "@/components/marketing/status-page";
import { env } from "@/server/env";
import { originFor } from "@/server/hosts/parse-host";
import { requestedLocale } from "@/server/i18n/request-locale";

// Rendered per request, so the 404 of an unknown path carries the nonce policy (a prerendered
// one could not). Next also renders this into every route's payload (it is the root's not-found
// boundary): in the prerendered marketing pages (force-static) connection() does nothing and
// cookies would read as empty, so the signed-in part is asked for on the client.
export default async function NotFound() {
  await connection();
  // The locale passed, not read from next-intl's configuration (see server/i18n/request.ts).
  const locale = await requestedLocale();
  const t = await getTranslations({ locale, namespace: "Status" });
  const apex = originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL);
  return (
    <StatusPage code="404" title={t("notFound")}>
      <p>{t("notFoundBody")}</p>
      <div className="mt-6 flex flex-wrap items-center justify-center gap-3">
        <a href={`${apex}/workspaces`} className="font-medium text-primary underline underline-offset-4">
          {t("yourWorkspaces")}
        </a>
        <NotFoundSignOut label={(await getTranslations({ locale, namespace: "AuthNotFound" }))("signOut")} />
      </div>
    </StatusPage>
  );
}
