import type { Locale } from "./locales";

// The server speaks English: its errors and notices (AppError messages, form errors, validation)
// are also what API clients read. A page in another language shows them through a catalogue of
// those English sentences, kept per locale in server-text/<locale>.json: an exact sentence, or a
// template whose {placeholders} stand for any text ("Try again in {wait}."), carried over as is.
// A sentence the catalogue lacks is shown in English.

export type ServerTextCatalogue = Record<string, string>;

type Compiled = { exact: Map<string, string>; templates: { pattern: RegExp; names: string[]; target: string; literal: number }[] };
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
    found.templates.push({ pattern, names, target, literal: source.replace(/\{\w+\}/g, "").length });
  }
  // The most specific template first: "API key; scopes: {scopes}" before "{field}: {problem}".
  found.templates.sort((a, b) => b.literal - a.literal);
  compiled.set(catalogue, found);
  return found;
}

// Longer text is shown as it is: the templates' lazy groups cost more than linear time on long
// input, and no sentence the server writes for a person is this long.
const MAX_LENGTH = 1_000;
// A part is looked up again ("Email: {problem}"), at most this deep, and only when it is short: a
// long part is outside data (a DNS record's value, a webhook's answer), carried over as it is.
const MAX_DEPTH = 8;
const MAX_PART_LENGTH = 200;

/** `text` in the catalogue's language, or unchanged when the catalogue does not know it. */
export function translateServerText(text: string, catalogue: ServerTextCatalogue | undefined, depth = 0): string {
  if (!catalogue || text.length > MAX_LENGTH) return text;
  const { exact, templates } = compile(catalogue);
  const direct = exact.get(text);
  if (direct !== undefined) return direct;
  if (depth >= MAX_DEPTH) return text;
  for (const { pattern, names, target } of templates) {
    const match = pattern.exec(text);
    if (!match) continue;
    // Every part is translated first, then put in with one pass over the target: a part's own
    // text (a workspace named "$'" or "{rest}") is inserted as it is, never read as a pattern.
    const parts = new Map(
      names.map((name, i) => {
        const part = match[i + 1]!;
        return [name, part === text || part.length > MAX_PART_LENGTH ? part : translateServerText(part, catalogue, depth + 1)];
      }),
    );
    return target.replace(/\{(\w+)\}/g, (whole, name: string) => parts.get(name) ?? whole);
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
