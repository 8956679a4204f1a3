import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inlineScriptHashes, loadPrerenderedPages } from "./prerendered-pages";

const sha256 = (text: string) => `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;

describe("inlineScriptHashes", () => {
  it("hashes each inline script's text exactly as written, skips external scripts, lists each once", () => {
    const bootstrap = `(self.__next_s=self.__next_s||[]).push([0,{"children":"a < b && c > d"}])`;
    const payload = `self.__next_f.push([1,"0:\\"$L1\\"\\n"])`;
    const html = `<!DOCTYPE html><html><head><script src="/_next/static/chunks/a.js" async=""></script>
      <script id="_R_">${bootstrap}</script></head><body><script>${payload}</script><script>${payload}</script>
      <SCRIPT type="text/javascript">x()</SCRIPT><script src='/b.js'></script><script></script></body></html>`;
    expect(inlineScriptHashes(html)).toEqual([sha256(bootstrap), sha256(payload), sha256("x()"), sha256("")]);
  });
});

describe("loadPrerenderedPages", () => {
  const dist = mkdtempSync(path.join(tmpdir(), "atrium-dist-"));
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it("maps each page prerendered for good to its hashes; regenerated, internal and non-HTML routes keep the nonce", () => {
    mkdirSync(path.join(dist, "server", "app", "docs"), { recursive: true });
    const page = (script: string) => `<html><body><script>${script}</script></body></html>`;
    writeFileSync(path.join(dist, "server", "app", "index.html"), page("home()"));
    writeFileSync(path.join(dist, "server", "app", "docs", "intro.html"), page("intro()"));
    writeFileSync(path.join(dist, "server", "app", "news.html"), page("news()"));
    writeFileSync(path.join(dist, "server", "app", "_not-found.html"), page("nf()"));
    writeFileSync(
      path.join(dist, "prerender-manifest.json"),
      JSON.stringify({
        routes: {
          "/": { initialRevalidateSeconds: false },
          "/docs/intro": { initialRevalidateSeconds: false },
          "/news": { initialRevalidateSeconds: 60 },
          "/_not-found": { initialRevalidateSeconds: false },
          "/favicon.ico": { initialRevalidateSeconds: false },
        },
      }),
    );
    const pages = loadPrerenderedPages(dist);
    expect([...pages.keys()].sort()).toEqual(["/", "/docs/intro"]);
    expect(pages.get("/")).toEqual([sha256("home()")]);
    expect(pages.get("/docs/intro")).toEqual([sha256("intro()")]);
  });

  it("without build output (next dev, tests) there is nothing prerendered", () => {
    expect(loadPrerenderedPages(path.join(dist, "missing")).size).toBe(0);
  });
});
