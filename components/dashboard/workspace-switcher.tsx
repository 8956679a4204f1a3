"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState, type ReactNode } from "react";
import { callTrpc } from "@/components/trpc/lazy";
import { MenuButton, MenuItem, MenuLabel, MenuLink, MenuSeparator } from "@/components/ui/menu";
import { Spinner } from "@/components/ui/spinner";
import { useToast } from "@/components/ui/toast";

type Workspace = { slug: string; name: string };

export function WorkspaceSwitcher({ current, workspaces, apexUrl, logo }: { current: Workspace; workspaces: Workspace[]; apexUrl: string; logo?: ReactNode }) {
  const t = useTranslations("DashboardSwitcher");
  const { toast } = useToast();
  // The frame loads no tRPC client: the one switch call fetches it (components/trpc/lazy.ts).
  const [pending, setPending] = useState(false);
  // A page brought back by the back button (the switch's navigation had been left) can switch again.
  useEffect(() => {
    const restored = (event: PageTransitionEvent) => {
      if (event.persisted) setPending(false);
    };
    window.addEventListener("pageshow", restored);
    return () => window.removeEventListener("pageshow", restored);
  }, []);
  async function switchTo(slug: string) {
    if (pending) return;
    setPending(true);
    const result = await callTrpc((client) => client.tenant.switchTo.mutate({ slug }));
    // Pending until the next workspace's page replaces this one.
    if (result.ok) return window.location.assign(result.data.redirectUrl);
    setPending(false);
    toast({ title: t("switchFailed"), description: result.error.message, variant: "error" });
  }
  return (
    <MenuButton
      className="flex w-full items-center justify-between gap-2 rounded-md border border-border px-3 py-2 text-left text-sm font-medium focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
      button={
        <>
          <span className="flex min-w-0 items-center gap-2">
            {logo}
            <span className="truncate">{current.name}</span>
            {/* The name people see comes first in the one they hear (WCAG 2.5.3, label in name). */}
            <span className="sr-only">{t("switchHint")}</span>
          </span>
          {pending ? <Spinner /> : <span aria-hidden>▾</span>}
        </>
      }
    >
      <MenuLabel>{t("workspaces")}</MenuLabel>
      {workspaces.map((w) => (
        <MenuItem key={w.slug} disabled={w.slug === current.slug} onSelect={() => void switchTo(w.slug)}>
          <span className="min-w-0 truncate">{w.name}</span>
          {w.slug === current.slug ? <span className="shrink-0 text-xs">{t("current")}</span> : null}
        </MenuItem>
      ))}
      <MenuSeparator />
      <MenuLink href={`${apexUrl}/new`}>{t("create")}</MenuLink>
    </MenuButton>
  );
}
