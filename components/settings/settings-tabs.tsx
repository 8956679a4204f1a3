"use client";

import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { useVisiblePath } from "@/components/dashboard/use-visible-path";

const TABS = [
  { href: "/dashboard/settings", label: "General" },
  { href: "/dashboard/settings/domains", label: "Domains" },
  { href: "/dashboard/settings/security", label: "Security" },
  { href: "/dashboard/settings/webhooks", label: "Webhooks" },
  { href: "/dashboard/settings/data", label: "Data export" },
];

export function SettingsTabs({ showData }: { showData: boolean }) {
  const pathname = useVisiblePath();
  return (
    <nav aria-label="Settings" className="mb-6 flex flex-wrap gap-1 border-b border-border">
      {TABS.filter((t) => showData || t.href !== "/dashboard/settings/data").map((tab) => {
        const active = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none",
              active ? "border-primary font-medium text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
