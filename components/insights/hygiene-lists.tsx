import Link from "next/link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ROLE_LABELS, type MembershipRole } from "@/lib/permissions";
import type { InsightFacts } from "./types";

type Hygiene = InsightFacts["hygiene"];

const linkClass = "font-medium text-primary underline-offset-4 hover:underline focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none";
const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;
const roleLabel = (role: string) => (role in ROLE_LABELS ? ROLE_LABELS[role as MembershipRole] : role);

export function HygieneLists({ hygiene }: { hygiene: Hygiene }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card data-testid="insight-inactive-members">
        <CardHeader className="pb-2 sm:pb-3">
          <CardTitle as="h3">Inactive members ({hygiene.inactiveMembers.length})</CardTitle>
        </CardHeader>
        <CardContent className="space-y-3 text-sm">
          {hygiene.inactiveMembers.length === 0 ? (
            <p className="text-muted-foreground">Everyone has signed in lately.</p>
          ) : (
            <ul className="divide-y divide-border">
              {hygiene.inactiveMembers.map((m) => (
                <li key={m.userId} className="flex flex-wrap justify-between gap-x-4 py-1.5">
                  <span className="min-w-0 break-words">
                    {m.name ?? m.email} <span className="text-muted-foreground">({roleLabel(m.role)})</span>
                  </span>
                  <span className="tabular-nums text-muted-foreground">{m.neverSignedIn ? `never signed in, joined ${days(m.daysInactive)} ago` : `last seen ${days(m.daysInactive)} ago`}</span>
                </li>
              ))}
            </ul>
          )}
          <Link href="/dashboard/members" className={linkClass}>
            Go to Members
          </Link>
        </CardContent>
      </Card>
      <Card data-testid="insight-keys">
        <CardHeader className="pb-2 sm:pb-3">
          <CardTitle as="h3">API keys to review ({hygiene.keys.length})</CardTitle>
        </CardHeader>
        <CardContent className="space-y-3 text-sm">
          {hygiene.keys.length === 0 ? (
            <p className="text-muted-foreground">Every key is in use and expires.</p>
          ) : (
            <ul className="divide-y divide-border">
              {hygiene.keys.map((k) => (
                <li key={k.id} className="flex flex-wrap justify-between gap-x-4 py-1.5">
                  <span className="min-w-0 break-words">
                    {k.name} <code className="font-mono text-xs text-muted-foreground">{k.prefix}…</code>
                  </span>
                  <span className="text-muted-foreground">
                    {[...(k.unused ? [k.neverUsed ? `never used (${days(k.daysUnused)})` : `unused for ${days(k.daysUnused)}`] : []), ...(k.noExpiry ? ["no expiry"] : [])].join(", ")}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <Link href="/dashboard/api-keys" className={linkClass}>
            Go to API keys
          </Link>
        </CardContent>
      </Card>
    </div>
  );
}
