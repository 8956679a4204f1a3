import Link from "next/link";
import { connection } from "next/server";
import { SubscriberLinkForm } from "@/components/status-page/subscriber-link-form";
import { Alert } from "@/components/ui/alert";
import { findSubscriberByLink } from "@/server/status-page/find-subscriber-by-link";

type Params = Promise<Record<string, string | string[] | undefined>>;

/** The confirmation link's page: shows the address and a button (opening the link alone changes nothing). */
export default async function ConfirmSubscriptionPage({ searchParams }: { searchParams: Params }) {
  await connection();
  const { s, t } = await searchParams;
  const subscriber = await findSubscriberByLink("confirm", { subscriberId: s, token: t });
  const link = subscriber ? { email: subscriber.email, confirmed: subscriber.confirmedAt !== null } : null;
  return (
    <main id="main" className="space-y-4">
      <h1 className="text-2xl font-bold tracking-tight">Confirm your subscription</h1>
      {!link ? (
        <Alert variant="error">This confirmation link is not valid (or the subscription was cancelled). Subscribe again on the <Link className="underline" href="/">status page</Link>.</Alert>
      ) : link.confirmed ? (
        <Alert variant="success">{link.email} is already subscribed to incident emails.</Alert>
      ) : (
        <>
          <p>Send incident emails to <strong className="break-all">{link.email}</strong>?</p>
          <SubscriberLinkForm purpose="confirm" subscriberId={String(s)} token={String(t)} label="Confirm subscription" />
        </>
      )}
      <p className="text-sm">
        <Link className="underline" href="/">Back to the status page</Link>
      </p>
    </main>
  );
}
