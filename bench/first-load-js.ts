// `npm run bench -- first-load-js`: the JavaScript a first visit downloads, measured in Chromium
// against `next start` (builds first if needed) on a fresh embedded database. Each page is opened
// in a fresh browser context (empty HTTP cache; the signed-in ones carry the session cookies),
// every script response until the network is idle is collected, and its body is gzipped here
// (level 6, what `next start` sends), so the figure does not depend on how the server compressed.
// Link prefetches (requests marked `next-router-prefetch`) are refused while measuring: they
// fetch other pages' code in the background, which is not this page's first load. Inline scripts
// (Next's bootstrap and the RSC payload inside the HTML) are printed beside it; they are part of
// the document, not of the JavaScript the page loads.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type BrowserContextOptions } from "@playwright/test";
import { reportTargets, startServer, type Target, runBench } from "./lib";

const PORT = 3210;
const PG_PORT = 54361;
const LANDING_GOAL_KB = 90;
const DASHBOARD_GOAL_KB = 150;

type Measured = { label: string; url: string; scripts: number; rawKb: number; gzipKb: number; inlineKb: number };

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

async function measurePage(browser: Browser, label: string, url: string, state?: BrowserContextOptions["storageState"]): Promise<Measured> {
  const context = await browser.newContext({ storageState: state });
  await context.route("**/*", (route) => {
    const headers = route.request().headers();
    return headers["next-router-prefetch"] || headers["next-router-segment-prefetch"] ? route.abort() : route.continue();
  });
  const page = await context.newPage();
  const bodies: Promise<Buffer>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    const body = response.body();
    bodies.push(body);
    // BENCH_VERBOSE=1 lists every script, to see what a page pulls in.
    if (process.env.BENCH_VERBOSE) void body.then((b) => console.log(`  ${label}: ${new URL(response.url()).pathname} ${(gzipSync(b).length / 1000).toFixed(1)} kB gzip`));
  });
  const response = await page.goto(url, { waitUntil: "networkidle" });
  if (!response?.ok()) throw new Error(`${label}: ${url} answered ${response?.status()}`);
  // A redirect (to sign-in, say) would measure the wrong page.
  if (page.url() !== url) throw new Error(`${label}: expected ${url}, landed on ${page.url()}`);
  const files = await Promise.all(bodies);
  const inline = await page.evaluate(() => [...document.scripts].filter((s) => !s.src).reduce((sum, s) => sum + (s.textContent?.length ?? 0), 0));
  await context.close();
  const kb = (n: number) => n / 1000;
  return {
    label,
    url,
    scripts: files.length,
    rawKb: kb(files.reduce((sum, b) => sum + b.length, 0)),
    gzipKb: kb(files.reduce((sum, b) => sum + gzipSync(b, { level: 6 }).length, 0)),
    inlineKb: kb(inline),
  };
}

/**
 * The gzip size of what every page loads before any of ours: Next's and React's runtime (the
 * build manifest's root main files). No page can go below it; a blank Next 16.4 app measured
 * 132 kB here, with Turbopack and with webpack alike.
 */
function frameworkKb(): number {
  const manifest = JSON.parse(readFileSync(".next/build-manifest.json", "utf8")) as { rootMainFiles: string[] };
  return manifest.rootMainFiles.reduce((sum, file) => sum + gzipSync(readFileSync(`.next/${file}`), { level: 6 }).length, 0) / 1000;
}

/** Signs alice in on the apex and opens Acme through the hand-off; returns the tenant host's cookies. */
async function signedInState(browser: Browser, apex: string): Promise<BrowserContextOptions["storageState"]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${apex}/sign-in`);
  await page.getByLabel("Email").fill("alice@acme.test");
  await page.getByLabel("Password").fill("atrium-demo-1234");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(`${apex}/workspaces`);
  await page.getByRole("button", { name: "Open Acme Inc." }).click();
  await page.waitForURL(/\/dashboard$/);
  const state = await context.storageState();
  await context.close();
  return state;
}

async function main() {
  // The browser first: when it cannot start, no server is left behind.
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const server = await startServer(PORT, PG_PORT).catch(async (error: unknown) => {
    await browser.close();
    throw error;
  });
  try {
    const apex = `http://localhost:${PORT}`;
    const tenant = `http://acme.localhost:${PORT}`;
    const rows: Measured[] = [];
    for (const path of ["/", "/pricing", "/sign-in", "/sign-up"]) rows.push(await measurePage(browser, `apex ${path}`, `${apex}${path}`));
    const state = await signedInState(browser, apex);
    for (const [name, path] of [["Overview", "/dashboard"], ["Members", "/dashboard/members"], ["Usage", "/dashboard/usage"], ["Settings", "/dashboard/settings"]] as const) {
      rows.push(await measurePage(browser, `dashboard ${name}`, `${tenant}${path}`, state));
    }

    const header = ["page", "scripts", "raw kB", "gzip kB", "inline kB"];
    const lines = rows.map((r) => [r.label, String(r.scripts), r.rawKb.toFixed(1), r.gzipKb.toFixed(1), r.inlineKb.toFixed(1)]);
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
    const fmt = (cols: string[]) => cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
    console.log(fmt(header));
    for (const l of lines) console.log(fmt(l));
    console.log(`\nof which Next.js and React's runtime, on every page: ${frameworkKb().toFixed(1)} kB gzip`);

    const targets: Target[] = rows.map((r) => ({
      figure: `first-load JS ${r.label}`,
      value: r.gzipKb,
      unit: "kB gzip",
      goal: r.label.startsWith("apex") ? LANDING_GOAL_KB : DASHBOARD_GOAL_KB,
      atMost: true,
      note: `${r.scripts} scripts, ${r.rawKb.toFixed(0)} kB uncompressed`,
    }));
    reportTargets("First-load JavaScript (targets)", targets);
  } finally {
    await browser.close();
    await server.stop();
  }
}

runBench(main);
