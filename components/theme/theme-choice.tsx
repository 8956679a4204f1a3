"use client";

import { useTheme } from "next-themes";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { useBrowserValue } from "@/components/ui/use-hydrated";
import { MenuLabel, MenuRadioItem } from "@/components/ui/menu";
import { THEME_LABELS, THEMES, type Theme } from "@/lib/theme";

const OPTIONS = THEMES.map((id) => ({ id, label: THEME_LABELS[id] }));

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
  return (
    <div className={className}>
      <SegmentedControl label="Theme" size="sm" value={chosen} options={OPTIONS} onChange={setTheme} />
    </div>
  );
}

/** The same choice as radio items in a menu (the account menu). */
export function ThemeMenuItems() {
  const [chosen, setTheme] = useChosenTheme();
  return (
    <div role="group" aria-label="Theme">
      <MenuLabel>Theme</MenuLabel>
      {OPTIONS.map((o) => (
        <MenuRadioItem key={o.id} checked={chosen === o.id} onSelect={() => setTheme(o.id)}>
          {o.label}
        </MenuRadioItem>
      ))}
    </div>
  );
}
