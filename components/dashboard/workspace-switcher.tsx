"use client";

import { useMutation } from "@tanstack/react-query";
import { DropdownMenu } from "radix-ui";
import type { ReactNode } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Spinner } from "@/components/ui/spinner";
import { useToast } from "@/components/ui/toast";

type Workspace = { slug: string; name: string };

export function WorkspaceSwitcher({ current, workspaces, apexUrl, logo }: { current: Workspace; workspaces: Workspace[]; apexUrl: string; logo?: ReactNode }) {
  const trpc = useTRPC();
  const { toast } = useToast();
  const switchTo = useMutation(
    trpc.tenant.switchTo.mutationOptions({
      onSuccess: ({ redirectUrl }) => window.location.assign(redirectUrl),
      onError: (error) => toast({ title: "Could not switch workspace", description: toClientError(error).message, variant: "error" }),
    }),
  );
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        className="flex w-full items-center justify-between gap-2 rounded-md border border-border px-3 py-2 text-left text-sm font-medium focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
        aria-label={`Current workspace: ${current.name}. Switch workspace`}
      >
        <span className="flex min-w-0 items-center gap-2">
          {logo}
          <span className="truncate">{current.name}</span>
        </span>
        {switchTo.isPending ? <Spinner /> : <span aria-hidden>▾</span>}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="start" sideOffset={4} className="z-50 min-w-56 rounded-md border border-border bg-card p-1 shadow-lg">
          <DropdownMenu.Label className="px-2 py-1.5 text-xs text-muted-foreground">Workspaces</DropdownMenu.Label>
          {workspaces.map((w) => (
            <DropdownMenu.Item
              key={w.slug}
              disabled={w.slug === current.slug}
              onSelect={() => switchTo.mutate({ slug: w.slug })}
              className="flex cursor-pointer items-center justify-between gap-2 rounded px-2 py-1.5 text-sm outline-none data-[disabled]:cursor-default data-[highlighted]:bg-primary data-[highlighted]:text-primary-foreground"
            >
              <span className="truncate">{w.name}</span>
              {w.slug === current.slug ? <span className="text-xs text-muted-foreground">current</span> : null}
            </DropdownMenu.Item>
          ))}
          <DropdownMenu.Separator className="my-1 h-px bg-border" />
          <DropdownMenu.Item asChild className="rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-primary data-[highlighted]:text-primary-foreground">
            <a href={`${apexUrl}/new`}>Create workspace…</a>
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
