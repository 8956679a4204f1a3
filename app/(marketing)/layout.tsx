import type { ReactNode } from "react";
import { SessionLinks } from "@/components/marketing/session-links";
import { SiteFooter, SiteHeader } from "@/components/marketing/site-header";

// Landing, pricing, sign-in and sign-up: prerendered at build, the same HTML for everyone and
// cacheable. Nothing here may read cookies, headers or the query on the server; the signed-in
// state in the header is fetched on the client (SessionLinks).
export default function MarketingLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <SiteHeader account={<SessionLinks />} />
      <main className="flex-1">{children}</main>
      <SiteFooter />
    </div>
  );
}
