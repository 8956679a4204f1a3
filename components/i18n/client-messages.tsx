import type { ReactNode } from "react";
import { getLocale } from "next-intl/server";
import { MoreMessages } from "@/components/i18n/more-messages";
import { namespaceMessages, type Namespace } from "@/lib/i18n/messages";

/**
 * Hands the client components below the messages of some namespaces, on top of those handed
 * above (the root layout hands Common, Plans and Status to every page). Each message sent to the
 * browser is part of every response's RSC payload, so a page names only what its client
 * components translate with; lib/i18n/client-namespaces.test.ts fails when one is missing.
 */
export async function ClientMessages({ namespaces, children }: { namespaces: readonly Namespace[]; children: ReactNode }) {
  const locale = await getLocale();
  return <MoreMessages messages={namespaceMessages(locale, namespaces)}>{children}</MoreMessages>;
}

/** A page whose client components are handed `namespaces` (see ClientMessages). */
export function withClientMessages<Props extends object>(namespaces: readonly Namespace[], Page: (props: Props) => Promise<ReactNode> | ReactNode) {
  return function PageWithMessages(props: Props) {
    return (
      <ClientMessages namespaces={namespaces}>
        <Page {...props} />
      </ClientMessages>
    );
  };
}
