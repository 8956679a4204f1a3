import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { CSSProperties } from "react";
import { TenantLogo } from "@/components/branding/tenant-logo";
import { buttonClassName } from "@/components/ui/button";
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
  const [isMember, branding, t] = await Promise.all([
    user ? getMembership({ tenantId: tenant!.id, userId: user.id }).then((role) => role !== null) : false,
    getTenantBranding({ tenantId: tenant!.id }),
    getTranslations("DashboardPublic"),
  ]);
  const name = tenant!.name;
  const brandStyle = branding.brandColor ? ({ "--brand": branding.brandColor } as CSSProperties) : undefined;
  const action = isMember
    ? { href: "/dashboard", label: t("goToDashboard") }
    : user
      ? null
      : { href: "/sign-in", label: t("signIn") };
  return (
    <div className="flex min-h-dvh flex-col bg-background" style={brandStyle}>
      <header className="border-b border-border">
        <div className="mx-auto flex h-16 max-w-5xl items-center justify-between gap-3 px-4 sm:px-6">
          <Link href="/" className="flex min-w-0 items-center gap-3 font-semibold">
            <TenantLogo name={name} logoUrl={branding.logoUrl} brandColor={branding.brandColor} size={32} />
            <span className="truncate">{name}</span>
          </Link>
          {action ? (
            <Link href={action.href} className={buttonClassName({ variant: "outline", size: "sm", className: "shrink-0" })}>
              {action.label}
            </Link>
          ) : null}
        </div>
      </header>
      <main id="main" className="flex-1">
        <section className="relative overflow-hidden">
          <div aria-hidden data-testid="brand-tile" className="absolute inset-x-0 top-0 h-2 bg-brand" />
          <div aria-hidden className="absolute inset-0 -z-10 bg-brand opacity-[0.06]" />
          <div className="mx-auto flex max-w-3xl flex-col items-center px-4 py-20 text-center sm:py-28">
            <TenantLogo name={name} logoUrl={branding.logoUrl} brandColor={branding.brandColor} size={88} className="rounded-2xl" />
            <h1 className="mt-8 text-4xl font-bold tracking-tight text-balance sm:text-5xl">{name}</h1>
            <p className="mt-4 max-w-xl text-lg text-pretty whitespace-pre-line text-muted-foreground [overflow-wrap:anywhere]">
              {branding.publicDescription ?? t("welcome", { name })}
            </p>
            {action ? (
              <Link href={action.href} className={buttonClassName({ size: "lg", className: "mt-10 text-white hover:opacity-90" })} style={{ backgroundColor: "var(--brand)" }} data-testid="brand-cta">
                {action.label}
              </Link>
            ) : (
              <p className="mt-10 max-w-md text-sm text-muted-foreground">
                {t("notMember", { email: user!.email, name })}
              </p>
            )}
            {!user ? <p className="mt-4 text-sm text-muted-foreground">{t("membersSignIn")}</p> : null}
          </div>
        </section>
      </main>
      <footer className="border-t border-border px-4 py-6 text-center text-xs text-muted-foreground [overflow-wrap:anywhere]">
        {t("footer", { year: String(new Date().getFullYear()), name })}
      </footer>
    </div>
  );
}
