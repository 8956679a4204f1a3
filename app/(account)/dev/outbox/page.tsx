import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { operatorAccess } from "@/server/auth/operator-access";
import { listOutbox } from "@/server/email/list-outbox";
import { env } from "@/server/env";
import { INTL_LOCALE } from "@/lib/i18n/locales";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AccountOutbox");
  return { title: t("title") };
}

// Without SMTP, emails stay here. Open in development; in production only admin operators with
// their second factor (as the console asks) see it: it holds every workspace's mail, which the
// support role reads only through a workspace's own support grant.
export default async function OutboxPage() {
  if (env.NODE_ENV === "production") {
    const access = await operatorAccess();
    if (access.kind !== "operator" || access.role !== "admin") notFound();
  }
  const [emails, t, locale] = await Promise.all([listOutbox(), getTranslations("AccountOutbox"), getLocale()]);
  const timeFormat = new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  return (
    <div className="mx-auto max-w-4xl space-y-6 px-4 py-12">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">{t("heading")}</h1>
        <p className="text-sm text-muted-foreground">
          {env.SMTP_URL ? t("smtpOn") : t("smtpOff")}
        </p>
      </header>
      {emails.length === 0 ? (
        <EmptyState title={t("emptyTitle")} description={t("emptyDescription")} />
      ) : (
        <ul className="space-y-3">
          {emails.map((email) => (
            <li key={email.id} className="rounded-md border border-border p-4">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="font-medium">{email.subject}</p>
                <Badge variant={email.sentAt ? "success" : "outline"}>{email.sentAt ? t("sent") : t("notSent")}</Badge>
              </div>
              <p className="text-sm text-muted-foreground">
                {t("to", { address: email.toAddress, time: timeFormat.format(email.createdAt) })}
              </p>
              <pre className="mt-3 font-sans text-sm whitespace-pre-wrap">{email.bodyText}</pre>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
