"use client";

import { DropdownMenu } from "radix-ui";
import { useRef } from "react";
import { signOutAction } from "@/server/auth/actions";

export function UserMenu({ name, email, accountUrl }: { name: string; email: string; accountUrl?: string }) {
  const formRef = useRef<HTMLFormElement>(null);
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        className="flex items-center gap-2 rounded-full focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
        aria-label={`Account menu for ${name}`}
      >
        <span aria-hidden className="grid size-8 place-items-center rounded-full bg-muted text-sm font-medium">
          {name.slice(0, 1).toUpperCase()}
        </span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={6} className="z-50 min-w-56 rounded-md border border-border bg-card p-1 shadow-lg">
          <div className="px-2 py-1.5">
            <p className="truncate text-sm font-medium">{name}</p>
            <p className="truncate text-xs text-muted-foreground">{email}</p>
          </div>
          <DropdownMenu.Separator className="my-1 h-px bg-border" />
          {accountUrl ? (
            <DropdownMenu.Item asChild className="cursor-pointer rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-primary data-[highlighted]:text-primary-foreground">
              <a href={accountUrl}>Your account</a>
            </DropdownMenu.Item>
          ) : null}
          <DropdownMenu.Item
            onSelect={() => formRef.current?.requestSubmit()}
            className="cursor-pointer rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-primary data-[highlighted]:text-primary-foreground"
          >
            Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
      <form ref={formRef} action={signOutAction} className="hidden" />
    </DropdownMenu.Root>
  );
}
