import type { Metadata } from "next";
import type { ReactNode } from "react";

export const metadata: Metadata = { title: { absolute: "Atrium status" }, description: "Current availability of Atrium, 90 days of uptime, and incidents." };

/** The public status page (status.ROOT_DOMAIN, through proxy.ts): no sign-in, nothing personal. */
export default function StatusPageLayout({ children }: { children: ReactNode }) {
  return <div className="mx-auto w-full max-w-3xl px-4 py-8 sm:py-12">{children}</div>;
}
