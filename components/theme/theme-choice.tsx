"use client";

import { useTranslations } from "next-intl";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { MenuLabel, MenuRadioItem } from "@/components/ui/menu";
import { THEMES, type Theme } from "@/lib/theme";
import { useTheme } from "./theme-provider";

const LABEL_KEYS = { system: "themeSystem", light: "themeLight", dark: "themeDark" } as const;

function useThemeOptions(): { id: Theme; label: string }[] {
  const t = useTranslations("Common");
  return THEMES.map((id) => ({ id, label: t(LABEL_KEYS[id]) }));
}

/** System, light or dark as a radio group (footer, account page). */
export function ThemeChoice({ className }: { className?: string }) {
  const { theme: chosen, setTheme } = useTheme();
  const t = useTranslations("Common");
  const options = useThemeOptions();
  return (
    <div className={className}>
      <SegmentedControl label={t("theme")} size="sm" value={chosen} options={options} onChange={setTheme} />
    </div>
  );
}

/** The same choice as radio items in a menu (the account menu). */
export function ThemeMenuItems() {
  const { theme: chosen, setTheme } = useTheme();
  const t = useTranslations("Common");
  return (
    <div role="group" aria-label={t("theme")}>
      <MenuLabel>{t("theme")}</MenuLabel>
      {useThemeOptions().map((o) => (
        <MenuRadioItem key={o.id} checked={chosen === o.id} onSelect={() => setTheme(o.id)}>
          {o.label}
        </MenuRadioItem>
      ))}
    </div>
  );
}
