import Link from "next/link";
import { AccountDeletedNotice } from "@/components/marketing/account-deleted-notice";
import { buttonClassName } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

const FEATURES = [
  { title: "A workspace per customer", body: "Each customer gets its own subdomain, members and roles, isolated by the database itself." },
  { title: "Billing that stays in sync", body: "Trials, plans and invoices driven by your payment provider's events." },
  { title: "Usage and API keys", body: "Your product reports usage over a fast REST API; customers see it against their plan." },
  { title: "An audit trail", body: "Every change is recorded with who, what, when and from where." },
];

export default function LandingPage() {
  return (
    <>
      <AccountDeletedNotice />
      <section className="mx-auto max-w-6xl px-4 py-20 text-center sm:py-28">
        <h1 className="mx-auto max-w-3xl text-4xl font-bold tracking-tight text-balance sm:text-5xl">
          The customer portal your SaaS deserves
        </h1>
        <p className="mx-auto mt-6 max-w-2xl text-lg text-pretty text-muted-foreground">
          Sign-up, workspaces on their own subdomains, members and roles, billing, usage and API keys —
          ready for your customers on day one.
        </p>
        <div className="mt-10 flex flex-wrap justify-center gap-3">
          <Link href="/sign-up" className={buttonClassName({ size: "lg" })}>
            Start your 14-day trial
          </Link>
          <Link href="/sign-in" className={buttonClassName({ size: "lg", variant: "outline" })}>
            Sign in
          </Link>
        </div>
        <p className="mt-4 text-sm text-muted-foreground">No card required.</p>
      </section>
      <section aria-labelledby="features" className="mx-auto max-w-6xl px-4 pb-24">
        <h2 id="features" className="sr-only">Features</h2>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {FEATURES.map((f) => (
            <Card key={f.title}>
              <CardHeader>
                <CardTitle>{f.title}</CardTitle>
                <CardDescription>{f.body}</CardDescription>
              </CardHeader>
              <CardContent />
            </Card>
          ))}
        </div>
      </section>
    </>
  );
}
