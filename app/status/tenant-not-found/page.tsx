import type { Metadata } from "next";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { StatusPage } from "@/components/marketing/status-page";
import { env } from "@/server/env";
import { originFor } from "@/server/hosts/parse-host";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Status"))("workspaceNotFoundMeta") };
}

export default async function TenantNotFound() {
  await connection();
  const t = await getTranslations("Status");
  const apex = originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL);
  return (
    <StatusPage code="404" title={t("workspaceNotFound")}>
      <p>{t("workspaceNotFoundBody")}</p>
      <p className="mt-6">
        <a href={apex} className="font-medium text-primary underline underline-offset-4">
          {t("goToAtrium")}
        </a>
      </p>
    </StatusPage>
  );
}
