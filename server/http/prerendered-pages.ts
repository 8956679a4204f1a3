import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

// Pages that `next build` prerendered (the marketing pages) are the same HTML for everyone, so
// their scripts cannot carry a per-request nonce. proxy.ts sends them a policy that lists their
// inline scripts' hashes instead, computed here from the build output on first use: the HTML
// Next serves for them is exactly the file the build wrote, so the hashes always match the build
// being served, with no separate build step to forget.

type PrerenderManifest = { routes: Record<string, { initialRevalidateSeconds?: number | false }> };

/** The CSP hash sources (`sha256-…`) of the inline scripts in an HTML document. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(attributes!)) continue;
    // What a browser hashes: the element's text exactly as written (no entity decoding in <script>).
    hashes.add(`sha256-${createHash("sha256").update(body!, "utf8").digest("base64")}`);
  }
  return [...hashes];
}

/**
 * Path -> inline script hashes, for every page the build prerendered for good. Pages that are
 * regenerated (`revalidate`) are left out, since their HTML can change after the build, as are
 * Next's internal `/_…` pages; those keep the nonce policy. No build output: an empty map.
 */
export function loadPrerenderedPages(distDir: string): Map<string, string[]> {
  const pages = new Map<string, string[]>();
  let manifest: PrerenderManifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(distDir, "prerender-manifest.json"), "utf8")) as PrerenderManifest;
  } catch {
    return pages;
  }
  for (const [route, entry] of Object.entries(manifest.routes)) {
    if (entry.initialRevalidateSeconds !== false || route.startsWith("/_")) continue;
    let html: string;
    try {
      html = readFileSync(path.join(distDir, "server", "app", `${route === "/" ? "/index" : route}.html`), "utf8");
    } catch {
      continue; // a prerendered route handler (favicon.ico): not HTML
    }
    pages.set(route, inlineScriptHashes(html));
  }
  return pages;
}

// Read once per process: the build output does not change under a running `next start`.
let built: Map<string, string[]> | undefined;

/** The inline script hashes of the page `next start` serves prerendered at this path, or null. */
export function prerenderedScriptHashes(pathname: string): string[] | null {
  built ??= loadPrerenderedPages(path.join(process.cwd(), ".next"));
  return built.get(pathname) ?? null;
}
