"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { MenuButton, MenuItem, MenuLabel, MenuLink, MenuSeparator } from "@/components/ui/menu";
import { Spinner } from "@/components/ui/spinner";
import { useToast } from "@/components/ui/toast";

type Workspace = { slug: string; name: string };

export function WorkspaceSwitcher({ current, workspaces, apexUrl, logo }: { current: Workspace; workspaces: Workspace[]; apexUrl: string; logo?: ReactNode }) {
  const t = useTranslations("DashboardSwitcher");
  const trpc = useTRPC();
  const { toast } = useToast();
  const switchTo = useMutation(
    trpc.tenant.switchTo.mutationOptions({
      onSuccess: ({ redirectUrl }) => window.location.assign(redirectUrl),
      onError: (error) => toast({ title: t("switchFailed"), description: toClientError(error).message, variant: "error" }),
    }),
  );
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
          {switchTo.isPending ? <Spinner /> : <span aria-hidden>▾</span>}
        </>
      }
    >
      <MenuLabel>{t("workspaces")}</MenuLabel>
      {workspaces.map((w) => (
        <MenuItem key={w.slug} disabled={w.slug === current.slug} onSelect={() => switchTo.mutate({ slug: w.slug })}>
          <span className="truncate">{w.name}</span>
          {w.slug === current.slug ? <span className="text-xs">{t("current")}</span> : null}
        </MenuItem>
      ))}
      <MenuSeparator />
      <MenuLink href={`${apexUrl}/new`}>{t("create")}</MenuLink>
    </MenuButton>
  );
}
