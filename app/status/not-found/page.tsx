import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { StatusPage } from "@/components/marketing/status-page";

// Rendered per request: proxy.ts rewrites to it (404) and sends the nonce policy with it.
export default async function NotFoundStatus() {
  await connection();
  const t = await getTranslations("Status");
  return (
    <StatusPage code="404" title={t("pageNotFound")}>
      <p>{t("pageNotFoundBody")}</p>
    </StatusPage>
  );
}
