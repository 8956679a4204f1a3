import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { applyStoredTheme, THEME_SCRIPT, THEME_STORAGE_KEY } from "./theme";

// The script runs before the first paint on every page; a syntax error there silently loses the
// theme (and the German pages' language), so it is run here against a stand-in document.
function run(pathname: string, stored: string | null | Error, prefersDark: boolean) {
  const classes = new Set<string>();
  const documentElement = { lang: "en", classList: { add: (c: string) => classes.add(c) } };
  runInNewContext(THEME_SCRIPT, {
    document: { documentElement },
    location: { pathname },
    localStorage: {
      getItem: (key: string) => {
        if (stored instanceof Error) throw stored;
        return key === THEME_STORAGE_KEY ? stored : null;
      },
    },
    window: { matchMedia: () => ({ matches: prefersDark }) },
  });
  return { classes: [...classes], lang: documentElement.lang };
}

describe("THEME_SCRIPT", () => {
  it("applies the stored theme, else the device's, and names German on /de pages", () => {
    expect(run("/", null, true)).toEqual({ classes: ["dark"], lang: "en" });
    expect(run("/pricing", "light", true)).toEqual({ classes: ["light"], lang: "en" });
    expect(run("/de/pricing", "dark", false)).toEqual({ classes: ["dark"], lang: "de" });
    expect(run("/de", null, false)).toEqual({ classes: ["light"], lang: "de" });
    expect(run("/dev/outbox", null, false)).toEqual({ classes: ["light"], lang: "en" });
  });

  it("still paints the device's theme and names the language when storage is refused", () => {
    expect(run("/de/sign-in", new Error("denied"), true)).toEqual({ classes: ["dark"], lang: "de" });
    expect(run("/", new Error("denied"), false)).toEqual({ classes: ["light"], lang: "en" });
  });
});

describe("applyStoredTheme (what the provider and the root error screen apply after hydration)", () => {
  afterEach(() => vi.unstubAllGlobals());

  function applied(stored: string | null | Error, prefersDark: boolean): string[] {
    const classes = new Set<string>(["light", "dark"]);
    vi.stubGlobal("document", { documentElement: { classList: { add: (c: string) => classes.add(c), remove: (...cs: string[]) => cs.forEach((c) => classes.delete(c)) } } });
    vi.stubGlobal("window", { matchMedia: () => ({ matches: prefersDark }) });
    vi.stubGlobal("localStorage", {
      getItem: () => {
        if (stored instanceof Error) throw stored;
        return stored;
      },
    });
    applyStoredTheme();
    return [...classes];
  }

  it("agrees with the before-paint script for every stored value, unknown and refused ones included", () => {
    for (const stored of [null, "light", "dark", "system", "", "purple", "Dark", new Error("denied")]) {
      for (const prefersDark of [true, false]) {
        expect(applied(stored, prefersDark), `${String(stored)} ${prefersDark}`).toEqual(run("/", stored, prefersDark).classes);
      }
    }
  });
});
