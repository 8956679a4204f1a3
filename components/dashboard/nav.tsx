"use client";

import { useTranslations } from "next-intl";
import Link, { useLinkStatus } from "next/link";
import { useId, useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";
import { useVisiblePath } from "@/components/dashboard/use-visible-path";

export type NavItem = { href: string; label: string };

/**
 * The dashboard's side bar: the workspace switcher and the navigation. On a phone the links wait
 * behind a Menu button beside the switcher (one row before the page, not two rows of links); the
 * menu closes when a link is followed or on Escape, and the focus goes back to the button.
 */
export function DashboardSidebar({ switcher, items }: { switcher: ReactNode; items: NavItem[] }) {
  const t = useTranslations("DashboardNav");
  const pathname = useVisiblePath();
  const navId = useId();
  const [open, setOpen] = useState(false);
  // Closed again after a navigation (the state is compared during render, not in an effect).
  const [openedAt, setOpenedAt] = useState(pathname);
  if (openedAt !== pathname) {
    setOpenedAt(pathname);
    setOpen(false);
  }
  return (
    <div
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          setOpen(false);
          document.getElementById(`${navId}-button`)?.focus();
        }
      }}
    >
      <div className="flex items-center gap-2 md:mb-6 md:block">
        <div className="min-w-0 flex-1">{switcher}</div>
        <button
          id={`${navId}-button`}
          type="button"
          aria-expanded={open}
          aria-controls={navId}
          onClick={() => setOpen((o) => !o)}
          className="inline-flex h-10 shrink-0 items-center gap-2 rounded-md border border-border px-3 text-sm font-medium focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none md:hidden"
        >
          <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
            {open ? <path d="M18 6 6 18M6 6l12 12" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
          </svg>
          {t("menu")}
        </button>
      </div>
      <DashboardNav id={navId} items={items} pathname={pathname} className={open ? "mt-3 flex" : "hidden md:flex"} />
    </div>
  );
}

function DashboardNav({ id, items, pathname, className }: { id: string; items: NavItem[]; pathname: string; className: string }) {
  const t = useTranslations("DashboardNav");
  return (
    <nav id={id} aria-label={t("label")} className={cn("flex-col gap-1", className)}>
      {items.map((item) => {
        const active = item.href === "/dashboard" ? pathname === "/dashboard" : pathname.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center justify-between gap-2 rounded-md px-3 py-2 text-sm whitespace-nowrap focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none pointer-coarse:min-h-11",
              active ? "bg-muted font-medium text-foreground" : "text-muted-foreground hover:bg-muted hover:text-foreground",
            )}
          >
            {item.label}
            <PendingMark />
          </Link>
        );
      })}
    </nav>
  );
}

/**
 * A spinner on the link whose page is loading (a slow connection can take seconds): the tap is
 * seen to have worked, so nobody taps again.
 */
function PendingMark() {
  const { pending } = useLinkStatus();
  return pending ? <Spinner data-testid="nav-pending" /> : null;
}
