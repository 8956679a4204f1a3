import type { Locale } from "./locales";

// The server speaks English: its errors and notices (AppError messages, form errors, validation)
// are also what API clients read. A page in another language shows them through a catalogue of
// those English sentences, kept per locale in server-text/<locale>.json: an exact sentence, or a
// template whose {placeholders} stand for any text ("Try again in {wait}."), carried over as is.
// A sentence the catalogue lacks is shown in English.

export type ServerTextCatalogue = Record<string, string>;

type Compiled = { exact: Map<string, string>; templates: { pattern: RegExp; names: string[]; target: string }[] };
const compiled = new WeakMap<ServerTextCatalogue, Compiled>();

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function compile(catalogue: ServerTextCatalogue): Compiled {
  let found = compiled.get(catalogue);
  if (found) return found;
  found = { exact: new Map(), templates: [] };
  for (const [source, target] of Object.entries(catalogue)) {
    const names = [...source.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    if (names.length === 0) {
      found.exact.set(source, target);
      continue;
    }
    const pattern = new RegExp(`^${source.split(/\{\w+\}/).map(escape).join("(.+?)")}$`, "s");
    found.templates.push({ pattern, names, target });
  }
  compiled.set(catalogue, found);
  return found;
}

/** `text` in the catalogue's language, or unchanged when the catalogue does not know it. */
export function translateServerText(text: string, catalogue: ServerTextCatalogue | undefined): string {
  if (!catalogue) return text;
  const { exact, templates } = compile(catalogue);
  const direct = exact.get(text);
  if (direct !== undefined) return direct;
  for (const { pattern, names, target } of templates) {
    const match = pattern.exec(text);
    if (!match) continue;
    // Each part is itself looked up ("Email: {problem}"), never the whole text again.
    return names.reduce((out, name, i) => {
      const part = match[i + 1]!;
      return out.replaceAll(`{${name}}`, part === text ? part : translateServerText(part, catalogue));
    }, target);
  }
  return text;
}

/** The catalogue of a locale, loaded on first use (English needs none; German is its own chunk). */
export function loadServerTextCatalogue(locale: Locale): Promise<ServerTextCatalogue | undefined> {
  switch (locale) {
    case "de":
      return import("./server-text/de.json").then((m) => m.default as ServerTextCatalogue);
    default:
      return Promise.resolve(undefined);
  }
}
