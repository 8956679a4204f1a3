import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClassName } from "@/components/ui/button";
import { ThemeChoice } from "@/components/theme/theme-choice";
import { Logo } from "./logo";

/** The apex header; `account` is the right-hand links, which depend on who is signed in. */
export function SiteHeader({ account }: { account: ReactNode }) {
  return (
    <header className="border-b border-border">
      <nav aria-label="Main" className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-2 px-3 sm:px-4">
        <Logo />
        <div className="flex items-center gap-1 sm:gap-2">
          <Link href="/pricing" className={buttonClassName({ variant: "ghost", size: "sm" })}>
            Pricing
          </Link>
          {account}
        </div>
      </nav>
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer className="border-t border-border py-6 text-sm text-muted-foreground">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-3 sm:px-4">
        <span>© {new Date().getFullYear()} Atrium</span>
        <ThemeChoice />
      </div>
    </footer>
  );
}

/** `prefetch={false}` for a set laid out but hidden (SessionLinks): nobody can follow those links. */
export function SignedOutLinks({ prefetch }: { prefetch?: false }) {
  return (
    <>
      <Link href="/sign-in" prefetch={prefetch} className={buttonClassName({ variant: "ghost", size: "sm" })}>
        Sign in
      </Link>
      <Link href="/sign-up" prefetch={prefetch} className={buttonClassName({ variant: "primary", size: "sm" })}>
        Start free trial
      </Link>
    </>
  );
}

export function SignedInLinks({ prefetch }: { prefetch?: false }) {
  return (
    <Link href="/workspaces" prefetch={prefetch} className={buttonClassName({ variant: "primary", size: "sm" })}>
      Your workspaces
    </Link>
  );
}
