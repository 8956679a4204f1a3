import type { Metadata } from "next";
import Link from "next/link";
import { buttonClassName } from "@/components/ui";
import { requireHostTenant } from "@/server/trpc/tenant-surface";

type Props = { params: Promise<{ tenant: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { tenant } = await requireHostTenant((await params).tenant);
  return { title: { absolute: tenant!.name } };
}

export default async function TenantPublicPage({ params }: Props) {
  const { tenant, user } = await requireHostTenant((await params).tenant);
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 text-center">
      <div aria-hidden className="mb-6 grid size-16 place-items-center rounded-2xl bg-brand text-2xl font-bold text-primary-foreground">
        {tenant!.name.slice(0, 1).toUpperCase()}
      </div>
      <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">{tenant!.name}</h1>
      <p className="mt-3 max-w-md text-muted-foreground">Welcome to the {tenant!.name} portal.</p>
      <Link href={user ? "/dashboard" : "/sign-in"} className={buttonClassName({ size: "lg", className: "mt-8" })}>
        {user ? "Go to dashboard" : "Sign in"}
      </Link>
      <p className="mt-12 text-xs text-muted-foreground">Powered by Atrium</p>
    </main>
  );
}
