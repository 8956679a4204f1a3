"use client";

import { useTranslations } from "next-intl";
import { useTheme } from "next-themes";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { useBrowserValue } from "@/components/ui/use-hydrated";
import { MenuLabel, MenuRadioItem } from "@/components/ui/menu";
import { THEMES, type Theme } from "@/lib/theme";

const LABEL_KEYS = { system: "themeSystem", light: "themeLight", dark: "themeDark" } as const;

function useThemeOptions(): { id: Theme; label: string }[] {
  const t = useTranslations("Common");
  return THEMES.map((id) => ({ id, label: t(LABEL_KEYS[id]) }));
}

/**
 * The theme as chosen, or null on the server and during hydration: the choice lives in
 * localStorage, which the server cannot read, so nothing is shown as picked until the client has it.
 */
function useChosenTheme(): [Theme | null, (theme: Theme) => void] {
  const { theme, setTheme } = useTheme();
  const hydrated = useBrowserValue(() => true) === true;
  const chosen = hydrated && THEMES.includes(theme as Theme) ? (theme as Theme) : hydrated ? "system" : null;
  return [chosen, setTheme];
}

/** System, light or dark as a radio group (footer, account page). */
export function ThemeChoice({ className }: { className?: string }) {
  const [chosen, setTheme] = useChosenTheme();
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
  const [chosen, setTheme] = useChosenTheme();
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
