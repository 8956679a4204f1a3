"use client";

import { useTranslations } from "next-intl";
import { useRef } from "react";
import { ThemeMenuItems } from "@/components/theme/theme-choice";
import { LanguageMenuItems, useChooseLocale } from "@/components/i18n/language-choice";
import { MenuButton, MenuItem, MenuLink, MenuSeparator } from "@/components/ui/menu";
import { useToast } from "@/components/ui/toast";
import { signOutAction } from "@/server/auth/actions";

/** The account menu. During support access, "Sign out" ends the support access instead (the banner's route). */
export function UserMenu({ name, email, accountUrl, support = false }: { name: string; email: string; accountUrl?: string; support?: boolean }) {
  const t = useTranslations("DashboardUserMenu");
  const formRef = useRef<HTMLFormElement>(null);
  // Kept here, not in the menu's items: the menu closes (and unmounts them) while a switch runs,
  // so a failed switch is told in a toast rather than beside items nobody sees any more.
  const { toast } = useToast();
  const localeSwitch = useChooseLocale({ onError: (message) => toast({ title: message, variant: "error" }) });
  return (
    <>
      <MenuButton
        label={t("label", { name })}
        align="end"
        className="flex items-center gap-2 rounded-full focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
        button={
          <span aria-hidden className="grid size-8 place-items-center rounded-full bg-muted text-sm font-medium pointer-coarse:size-10">
            {name.slice(0, 1).toUpperCase()}
          </span>
        }
      >
        <div className="px-2 py-1.5">
          <p className="truncate text-sm font-medium">{name}</p>
          <p className="truncate text-xs text-muted-foreground">{email}</p>
        </div>
        <MenuSeparator />
        <ThemeMenuItems />
        <MenuSeparator />
        <LanguageMenuItems localeSwitch={localeSwitch} />
        <MenuSeparator />
        {accountUrl ? <MenuLink href={accountUrl}>{t("yourAccount")}</MenuLink> : null}
        <MenuItem onSelect={() => formRef.current?.requestSubmit()}>{support ? t("endSupport") : t("signOut")}</MenuItem>
      </MenuButton>
      {support ? <form ref={formRef} method="post" action="/dashboard/support/end" className="hidden" /> : <form ref={formRef} action={signOutAction} className="hidden" />}
    </>
  );
}
