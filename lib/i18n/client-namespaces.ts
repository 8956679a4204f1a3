import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

// What messages the client components under a page, layout or boundary file need: follow its
// imports (the project's own files; packages carry no messages of ours), and once an import
// crosses a "use client" file, everything below runs in the browser, so every
// useTranslations("Namespace…") there needs that namespace handed down (ClientMessages).
// Server components read their messages on the server and need nothing handed down.
// Used by a test (every page is handed what it needs) and nothing at run time.

const ROOT = path.resolve(import.meta.dirname, "../..");
const EXTENSIONS = [".tsx", ".ts", "/index.tsx", "/index.ts"];
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|(?:^|\n)\s*import\s+["']([^"']+)["']/g;
const NAMESPACE = /useTranslations\(\s*["']([A-Za-z]+)/g;
const USE_CLIENT = /^(?:\s*\/\/[^\n]*\n|\s*\/\*[\s\S]*?\*\/)*\s*["']use client["']/;

type Source = { text: string; client: boolean; imports: string[] };
const sources = new Map<string, Source>();

function resolveImport(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return null;
  if (/\.(tsx?|json|css)$/.test(base)) return base.endsWith(".ts") || base.endsWith(".tsx") ? base : null;
  for (const extension of EXTENSIONS) if (existsSync(base + extension)) return base + extension;
  return null;
}

function read(file: string): Source {
  const known = sources.get(file);
  if (known) return known;
  const text = readFileSync(file, "utf8");
  const imports: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    // Type-only imports bring no code along.
    if (/^\s*(?:import|export)\s+type\s/.test(match[0].replace(/^\n/, ""))) continue;
    const resolved = resolveImport(file, match[1] ?? match[2] ?? "");
    if (resolved) imports.push(resolved);
  }
  const source = { text, client: USE_CLIENT.test(text), imports };
  sources.set(file, source);
  return source;
}

/** The namespaces the browser side of `entry` (a path from the project's root) translates with, each with a file that uses it. */
export function clientNamespaces(entry: string): Map<string, string> {
  const found = new Map<string, string>();
  const seen = new Set<string>();
  const walk = (file: string, inClient: boolean) => {
    const key = `${inClient ? "c" : "s"}:${file}`;
    if (seen.has(key)) return;
    seen.add(key);
    const source = read(file);
    const client = inClient || source.client;
    if (client) {
      for (const match of source.text.matchAll(NAMESPACE)) {
        if (match[1] && !found.has(match[1])) found.set(match[1], path.relative(ROOT, file));
      }
    }
    for (const next of source.imports) walk(next, client);
  };
  walk(path.join(ROOT, entry), false);
  return found;
}

/**
 * The namespaces a layout or page hands its client components, as written in its source:
 * `<ClientMessages namespaces={[…]}>`, `withClientMessages([…], Page)`, `<IntlProvider areas={[…]}>`
 * and a literal `messages={{ Namespace: … }}`.
 */
export function handedNamespaces(entry: string, areaNamespaces: (area: string) => string[]): Set<string> {
  const text = read(path.join(ROOT, entry)).text;
  const handed = new Set<string>();
  const list = (inner: string) => [...inner.matchAll(/["']([A-Za-z]+)["']/g)].map((m) => m[1] ?? "");
  for (const match of text.matchAll(/(?:namespaces=\{|withClientMessages\()\[([^\]]*)\]/g)) for (const name of list(match[1] ?? "")) handed.add(name);
  for (const match of text.matchAll(/messages=\{\{([^}]*)\}\}/g)) for (const key of (match[1] ?? "").matchAll(/(\w+):/g)) handed.add(key[1] ?? "");
  for (const match of text.matchAll(/areas=\{\[([^\]]*)\]\}/g)) for (const area of list(match[1] ?? "")) for (const name of areaNamespaces(area)) handed.add(name);
  return handed;
}
