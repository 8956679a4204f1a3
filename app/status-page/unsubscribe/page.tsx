import Link from "next/link";
import { connection } from "next/server";
import { SubscriberLinkForm } from "@/components/status-page/subscriber-link-form";
import { Alert } from "@/components/ui/alert";
import { findSubscriberByLink } from "@/server/status-page/find-subscriber-by-link";

type Params = Promise<Record<string, string | string[] | undefined>>;

/** The unsubscribe link's page: one button, no sign-in. */
export default async function UnsubscribePage({ searchParams }: { searchParams: Params }) {
  await connection();
  const { s, t } = await searchParams;
  const subscriber = await findSubscriberByLink("unsubscribe", { subscriberId: s, token: t });
  const link = subscriber ? { email: subscriber.email, confirmed: subscriber.confirmedAt !== null } : null;
  return (
    <main id="main" className="space-y-4">
      <h1 className="text-2xl font-bold tracking-tight">Unsubscribe from incident emails</h1>
      {!link ? (
        <Alert variant="info">This unsubscribe link is not valid, or the address is already unsubscribed.</Alert>
      ) : (
        <>
          <p>Stop sending incident emails to <strong className="break-all">{link.email}</strong>?</p>
          <SubscriberLinkForm purpose="unsubscribe" subscriberId={String(s)} token={String(t)} label="Unsubscribe" />
        </>
      )}
      <p className="text-sm">
        <Link className="underline" href="/">Back to the status page</Link>
      </p>
    </main>
  );
}
