"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { useVisiblePath } from "@/components/dashboard/use-visible-path";

const TABS = [
  { href: "/dashboard/settings", label: "general" },
  { href: "/dashboard/settings/domains", label: "domains" },
  { href: "/dashboard/settings/security", label: "security" },
  { href: "/dashboard/settings/webhooks", label: "webhooks" },
  { href: "/dashboard/settings/data", label: "data" },
] as const;

export function SettingsTabs({ showData }: { showData: boolean }) {
  const t = useTranslations("WorkspaceSettings.tabs");
  const pathname = useVisiblePath();
  return (
    <nav aria-label={t("label")} className="mb-6 flex flex-wrap gap-1 border-b border-border">
      {TABS.filter((tab) => showData || tab.href !== "/dashboard/settings/data").map((tab) => {
        const active = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm pointer-coarse:py-2.5 focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none",
              active ? "border-primary font-medium text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
            )}
          >
            {t(tab.label)}
          </Link>
        );
      })}
    </nav>
  );
}
