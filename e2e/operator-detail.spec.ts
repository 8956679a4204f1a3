import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { enrolSecondFactorAndOpenConsole, signInDemo } from "./operator-session";
import { startOwnServer, type OwnServer } from "./own-server";
import { snap } from "./helpers";

// The operator's workspace detail page, on its own server (the operator enrols a second factor,
// which would change the shared server's seeded operator).

let own: OwnServer;
test.beforeAll(async () => {
  own = await startOwnServer();
});
test.afterAll(async () => {
  await own?.dispose();
});

const HASH = "e2e0hash".repeat(8);

/** Acme's id, after giving it an API key whose (made-up) hash the page must never show. */
async function acme(): Promise<{ id: string; hash: string }> {
  const sql = postgres(own.adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [tenant] = await sql<{ id: string }[]>`select id from tenants where slug = 'acme'`;
    await sql`insert into api_keys (tenant_id, name, prefix, key_hash, scopes) values (${tenant!.id}, 'E2E key', 'atr_live_E2Ek', ${HASH}, ${["usage:read"]})`;
    return { id: tenant!.id, hash: HASH };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const signIn = (page: Page, email: string) => signInDemo(page, own.port, email);

test("the detail page: every section, keys without hashes, a link to the actions, keyboard and 390 px; nobody else finds it", async ({ browser }) => {
  test.setTimeout(150_000); // a second factor to set up first
  const admin = `http://admin.localhost:${own.port}`;
  const { id, hash } = await acme();
  const url = `${admin}/workspaces/${id}`;

  const alice = await (await browser.newContext()).newPage();
  await signIn(alice, "alice@acme.test");
  expect((await alice.goto(url))?.status()).toBe(404);

  const ops = await (await browser.newContext()).newPage();
  await signIn(ops, "ops@atrium.test");
  await enrolSecondFactorAndOpenConsole(ops, own.port);

  // A bad or unknown id is not found, for an operator too, with a 404 status (the workspace pages
  // decide before anything streams).
  for (const bad of ["not-a-workspace", "00000000-0000-4000-8000-000000000000"]) {
    expect((await ops.goto(`${admin}/workspaces/${bad}`))?.status()).toBe(404);
    await expect(ops.getByText(/not found/i).first()).toBeVisible();
    await expect(ops.getByRole("heading", { name: "Overview" })).toHaveCount(0);
  }

  await ops.goto(url);
  await expect(ops.getByRole("heading", { level: 1 })).toBeVisible();
  for (const name of ["Overview", "Plan", "Subscription and invoices", "Usage", /^Members \(\d+\)$/, /^Domains \(\d+\)$/, /^API keys \(\d+\)$/, "Recent audit events", "Lifecycle timeline"]) {
    await expect(ops.getByRole("heading", { name, exact: typeof name === "string" })).toBeVisible();
  }
  await expect(ops.getByRole("list", { name: "Members" }).getByText("alice@acme.test")).toBeVisible();
  await expect(ops.getByRole("list", { name: "Usage against limits" })).toBeVisible();
  await expect(ops.getByRole("list", { name: "Lifecycle timeline" }).getByRole("listitem").first()).toBeVisible();
  const audit = ops.getByRole("list", { name: "Recent audit events" });
  await expect(audit.getByRole("listitem").first()).toBeVisible();
  expect(await audit.getByRole("listitem").count()).toBeLessThanOrEqual(20);
  await expect(ops.getByRole("list", { name: "API keys" }).getByText("E2E key")).toBeVisible();
  await expect(ops.getByRole("list", { name: "API keys" }).getByText(/usage:read/)).toBeVisible();
  expect(await ops.content()).not.toContain(hash);
  await snap(ops, "operator-detail-desktop");

  // Keyboard: the actions link is reachable with Tab and opens the actions page with Enter.
  const actions = ops.getByRole("link", { name: "Actions and lifecycle changes" });
  await actions.focus();
  await expect(actions).toBeFocused();
  await ops.keyboard.press("Enter");
  await expect(ops).toHaveURL(`${url}/actions`);
  await expect(ops.getByRole("heading", { name: "Actions", exact: true })).toBeVisible();

  await ops.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => ops.evaluate(() => window.innerWidth)).toBe(390);
  await ops.goto(url);
  await expect(ops.getByRole("heading", { name: "Lifecycle timeline" })).toBeVisible();
  await snap(ops, "operator-detail-390");
  const width = await ops.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
});
