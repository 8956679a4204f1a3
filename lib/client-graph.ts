import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// The browser side of a route file: follow its static imports (the project's own files; packages
// are not followed), and once an import crosses a "use client" file, everything below it is
// bundled for the browser. Next.js loads every client module a page or layout imports
// statically before the page runs, rendered or not; a dynamic import() is fetched on use, so it is
// followed only when asked (`lazy`). Used by tests (lib/i18n/client-namespaces.test.ts,
// test/client-providers.test.ts, test/browser-code.test.ts) and nothing at run time.

export const ROOT = path.resolve(import.meta.dirname, "..");
const EXTENSIONS = [".tsx", ".ts", "/index.tsx", "/index.ts"];
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|(?:^|\n)\s*import\s+["']([^"']+)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;
const DIRECTIVE = (name: string) => new RegExp(`^(?:\\s*//[^\\n]*\\n|\\s*/\\*[\\s\\S]*?\\*/)*\\s*["']${name}["']`);
const USE_CLIENT = DIRECTIVE("use client");
// A "use server" module imported by a client component reaches the browser as a reference to
// call, not as code: nothing it imports is bundled there.
const USE_SERVER = DIRECTIVE("use server");

type Source = { text: string; client: boolean; server: boolean; imports: string[]; lazyImports: string[]; packages: string[] };
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
  const packages: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    // Type-only imports bring no code along.
    if (/^\s*(?:import|export)\s+type\s/.test(match[0].replace(/^\n/, ""))) continue;
    const specifier = match[1] ?? match[2] ?? "";
    const resolved = resolveImport(file, specifier);
    if (resolved) imports.push(resolved);
    else if (!specifier.startsWith(".") && !specifier.startsWith("@/")) packages.push(packageName(specifier));
  }
  const lazyImports: string[] = [];
  for (const match of text.matchAll(DYNAMIC_IMPORT)) {
    const resolved = resolveImport(file, match[1] ?? "");
    if (resolved) lazyImports.push(resolved);
  }
  const source = { text, client: USE_CLIENT.test(text), server: USE_SERVER.test(text), imports, lazyImports, packages };
  sources.set(file, source);
  return source;
}

/** "@scope/name/sub" -> "@scope/name", "name/sub" -> "name". */
const packageName = (specifier: string) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");

/** The packages a file imports code from (not types only), given by its path from the project's root. */
export function packagesOf(file: string): string[] {
  return read(path.join(ROOT, file)).packages;
}

/** The text of a file given by its path from the project's root. */
export function sourceText(file: string): string {
  return read(path.join(ROOT, file)).text;
}

/**
 * The project's files bundled for the browser under `entry` (a path from the project's root), in
 * the order met, with their text: what the page loads first, or with `lazy` also what its client
 * components download later with import().
 */
export function clientFiles(entry: string, { lazy = false } = {}): Map<string, string> {
  const found = new Map<string, string>();
  const seen = new Set<string>();
  const walk = (file: string, inClient: boolean) => {
    const key = `${inClient ? "c" : "s"}:${file}`;
    if (seen.has(key)) return;
    seen.add(key);
    const source = read(file);
    if (inClient && source.server) return;
    const client = inClient || source.client;
    if (client) found.set(path.relative(ROOT, file), source.text);
    for (const next of source.imports) walk(next, client);
    if (client && lazy) for (const next of source.lazyImports) walk(next, true);
  };
  walk(path.join(ROOT, entry), false);
  return found;
}

/** The modules the browser side of `entry` downloads later with import(), as paths from the project's root. */
export function lazyClientModules(entry: string): string[] {
  const modules = new Set<string>();
  for (const file of clientFiles(entry, { lazy: true }).keys()) {
    for (const next of read(path.join(ROOT, file)).lazyImports) modules.add(path.relative(ROOT, next));
  }
  return [...modules];
}

const ROUTE_FILES = new Set(["page.tsx", "layout.tsx", "error.tsx", "not-found.tsx", "loading.tsx", "template.tsx", "default.tsx", "global-error.tsx"]);

/** The App Router's route files (pages, layouts, boundaries) under `dir`, as paths from the project's root. */
export function routeFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(file);
    return ROUTE_FILES.has(entry.name) ? [file] : [];
  });
}

/** The layouts a route file renders inside, from the root down (global-error replaces the root layout). */
export function layoutsAbove(file: string): string[] {
  if (path.basename(file) === "global-error.tsx") return [];
  const dirs = path.dirname(file).split(path.sep);
  const layouts: string[] = [];
  for (let depth = 1; depth <= dirs.length; depth++) {
    const layout = path.join(...dirs.slice(0, depth), "layout.tsx");
    if (layout !== file && existsSync(path.join(ROOT, layout))) layouts.push(layout);
  }
  return layouts;
}
