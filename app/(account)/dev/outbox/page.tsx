import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { getSessionUser } from "@/server/auth/current-user";
import { listOutbox } from "@/server/email/list-outbox";
import { env } from "@/server/env";
import { getUserById } from "@/server/users/get-user";

export const metadata: Metadata = { title: "Email outbox" };

const timeFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

// Without SMTP, emails stay here. Open in development; in production only operators see it.
export default async function OutboxPage() {
  if (env.NODE_ENV === "production") {
    const session = await getSessionUser();
    const user = session ? await getUserById(session.id) : null;
    if (!user?.operatorRole) notFound();
  }
  const emails = await listOutbox();
  return (
    <div className="mx-auto max-w-4xl space-y-6 px-4 py-12">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Email outbox</h1>
        <p className="text-sm text-muted-foreground">
          {env.SMTP_URL ? "SMTP is configured: emails are sent and marked here." : "SMTP is not configured: emails are kept here instead of being sent."}
        </p>
      </header>
      {emails.length === 0 ? (
        <EmptyState title="No emails yet" description="Trial reminders, receipts and payment notices appear here." />
      ) : (
        <ul className="space-y-3">
          {emails.map((email) => (
            <li key={email.id} className="rounded-md border border-border p-4">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="font-medium">{email.subject}</p>
                <Badge variant={email.sentAt ? "success" : "outline"}>{email.sentAt ? "sent" : "not sent"}</Badge>
              </div>
              <p className="text-sm text-muted-foreground">
                To {email.toAddress} · {timeFormat.format(email.createdAt)}
              </p>
              <pre className="mt-3 font-sans text-sm whitespace-pre-wrap">{email.bodyText}</pre>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
