import type { Metadata } from "next";
import Link from "next/link";
import { buttonClassName } from "@/components/ui";
import type { CSSProperties } from "react";
import { getTenantBranding } from "@/server/branding/branding";
import { getMembership } from "@/server/members/get-membership";
import { requireHostTenant } from "@/server/trpc/tenant-surface";

type Props = { params: Promise<{ tenant: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { tenant } = await requireHostTenant((await params).tenant);
  return { title: { absolute: tenant!.name } };
}

export default async function TenantPublicPage({ params }: Props) {
  const { tenant, user } = await requireHostTenant((await params).tenant);
  const [isMember, branding] = await Promise.all([
    user ? getMembership({ tenantId: tenant!.id, userId: user.id }).then((role) => role !== null) : false,
    getTenantBranding({ tenantId: tenant!.id }),
  ]);
  const brandStyle = branding.brandColor ? ({ "--brand": branding.brandColor } as CSSProperties) : undefined;
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 text-center" style={brandStyle}>
      <div aria-hidden data-testid="brand-tile" className="mb-6 grid size-16 place-items-center rounded-2xl bg-brand text-2xl font-bold text-white">
        {tenant!.name.slice(0, 1).toUpperCase()}
      </div>
      <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">{tenant!.name}</h1>
      <p className="mt-3 max-w-md text-pretty text-muted-foreground">{branding.publicDescription ?? `Welcome to the ${tenant!.name} portal.`}</p>
      {isMember ? (
        <Link href="/dashboard" className={buttonClassName({ size: "lg", className: "mt-8 text-white" })} style={{ backgroundColor: "var(--brand)" }}>
          Go to dashboard
        </Link>
      ) : user ? (
        <p className="mt-8 max-w-md text-sm text-muted-foreground">
          You are signed in as {user.email}, which is not a member of {tenant!.name}. Ask an owner to invite you.
        </p>
      ) : (
        <Link href="/sign-in" className={buttonClassName({ size: "lg", className: "mt-8 text-white" })} style={{ backgroundColor: "var(--brand)" }}>
          Sign in
        </Link>
      )}
      <p className="mt-12 text-xs text-muted-foreground">Powered by Atrium</p>
    </main>
  );
}
