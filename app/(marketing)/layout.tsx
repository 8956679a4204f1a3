import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "@/components/marketing/logo";
import { buttonClassName } from "@/components/ui";
import { getSessionUser } from "@/server/auth/current-user";

export default async function MarketingLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-border">
        <nav aria-label="Main" className="mx-auto flex h-16 max-w-6xl items-center justify-between px-4">
          <Logo />
          <div className="flex items-center gap-2">
            <Link href="/pricing" className={buttonClassName({ variant: "ghost", size: "sm" })}>
              Pricing
            </Link>
            {user ? (
              <Link href="/workspaces" className={buttonClassName({ variant: "primary", size: "sm" })}>
                Your workspaces
              </Link>
            ) : (
              <>
                <Link href="/sign-in" className={buttonClassName({ variant: "ghost", size: "sm" })}>
                  Sign in
                </Link>
                <Link href="/sign-up" className={buttonClassName({ variant: "primary", size: "sm" })}>
                  Start free trial
                </Link>
              </>
            )}
          </div>
        </nav>
      </header>
      <main className="flex-1">{children}</main>
      <footer className="border-t border-border py-6 text-center text-sm text-muted-foreground">
        © {new Date().getFullYear()} Atrium
      </footer>
    </div>
  );
}
