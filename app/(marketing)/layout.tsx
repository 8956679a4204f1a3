import type { ReactNode } from "react";
import { SessionLinks } from "@/components/marketing/session-links";
import { SiteFooter, SiteHeader } from "@/components/marketing/site-header";

// Landing, pricing, sign-in and sign-up: prerendered at build, the same HTML for everyone and
// cacheable. Nothing here reads cookies, headers or the query on the server: the signed-in state
// in the header is fetched on the client (SessionLinks), the query read there (QueryReader).
// force-static keeps it so: the root not-found, which Next renders into every route, asks for a
// request, and would otherwise make these pages dynamic too.
export const dynamic = "force-static";

export default function MarketingLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <SiteHeader account={<SessionLinks />} />
      <main id="main" className="flex-1">{children}</main>
      <SiteFooter />
    </div>
  );
}
