import { clientFiles, sourceText } from "@/lib/client-graph";

// What messages the client components under a page, layout or boundary file need: every
// useTranslations("Namespace…") on its browser side (lib/client-graph.ts) needs that namespace
// handed down (ClientMessages). Server components read their messages on the server and need
// nothing handed down. Used by a test (every page is handed what it needs) and nothing at run time.

const NAMESPACE = /useTranslations\(\s*["']([A-Za-z]+)/g;

/** The namespaces the browser side of `entry` (a path from the project's root) translates with, each with a file that uses it. */
export function clientNamespaces(entry: string): Map<string, string> {
  const found = new Map<string, string>();
  // What the client components download later renders with the same messages.
  for (const [file, text] of clientFiles(entry, { lazy: true })) {
    for (const match of text.matchAll(NAMESPACE)) if (match[1] && !found.has(match[1])) found.set(match[1], file);
  }
  return found;
}

const quoted = (inner: string) => [...inner.matchAll(/["']([A-Za-z]+)["']/g)].map((m) => m[1] ?? "");

/** The namespaces a layout or page names one by one: `<ClientMessages namespaces={[…]}>` and `withClientMessages([…], Page)`. */
export function listedNamespaces(entry: string): Set<string> {
  const listed = new Set<string>();
  for (const match of sourceText(entry).matchAll(/(?:namespaces=\{|withClientMessages\()\[([^\]]*)\]/g)) for (const name of quoted(match[1] ?? "")) listed.add(name);
  return listed;
}

/**
 * The namespaces a layout or page hands its client components, as written in its source:
 * `<ClientMessages namespaces={[…]}>`, `withClientMessages([…], Page)`, `<IntlProvider areas={[…]}>`
 * and a literal `messages={{ Namespace: … }}`.
 */
export function handedNamespaces(entry: string, areaNamespaces: (area: string) => string[]): Set<string> {
  const text = sourceText(entry);
  const handed = listedNamespaces(entry);
  for (const match of text.matchAll(/messages=\{\{([^}]*)\}\}/g)) for (const key of (match[1] ?? "").matchAll(/(\w+):/g)) handed.add(key[1] ?? "");
  for (const match of text.matchAll(/areas=\{\[([^\]]*)\]\}/g)) for (const area of quoted(match[1] ?? "")) for (const name of areaNamespaces(area)) handed.add(name);
  return handed;
}
