import http from "node:http";
import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { enrolSecondFactor, fillDemoSignIn } from "./operator-session";
import { startOwnServer, type OwnServer } from "./own-server";
import { snap } from "./helpers";

// The operator console's workspace list on its own server (the operator enrols a second factor,
// which would change the shared server's seeded operator): the signed-out redirect through the
// apex sign-in and hand-off, not-found for everyone else, and an operator's search.

let own: OwnServer;
test.beforeAll(async () => {
  own = await startOwnServer();
});
test.afterAll(async () => {
  await own?.dispose();
});

async function withOwnDatabase<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(own.adminUrl, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** GET on the console host with this page's cookies for it (Node does not resolve *.localhost; the browser does). */
async function consoleGet(page: Page, path: string, method: "GET" | "HEAD" = "GET"): Promise<{ status: number; type: string; body: string }> {
  const host = `admin.localhost:${own.port}`;
  const cookie = (await page.context().cookies(`http://${host}/`)).map((c) => `${c.name}=${c.value}`).join("; ");
  return new Promise((resolve, reject) => {
    http
      .request({ host: "127.0.0.1", port: own.port, path, method, headers: { host, cookie } }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), body }));
      })
      .on("error", reject)
      .end();
  });
}

test("signed-out visitors are sent to sign in and back; non-operators get not found; an operator searches the workspaces", async ({ browser }) => {
  test.setTimeout(150_000); // a second factor to set up, then search, export, phone width and audit checks
  const apex = `http://localhost:${own.port}`;
  const admin = `http://admin.localhost:${own.port}`;
  const acmeId = await withOwnDatabase(async (sql) => (await sql<{ id: string }[]>`select id from tenants where slug = 'acme'`)[0]!.id);
  const consoleUrls = ["/", "/?q=acme", "/jobs", `/workspaces/${acmeId}`, "/workspaces/export", "/workspaces/not-an-id", "/revenue", `/workspaces/${acmeId}/actions`, `/workspaces/${acmeId}/support`];

  // Signed out: every console URL goes to the apex sign-in, which will come back to it.
  const visitor = await (await browser.newContext()).newPage();
  for (const path of ["/?q=acme&status=trialing", "/jobs"]) {
    await visitor.goto(`${admin}${path}`);
    await expect(visitor).toHaveURL((url) => url.origin === apex && url.pathname === "/sign-in");
    const back = new URL(new URL(visitor.url()).searchParams.get("next")!, apex);
    expect(back.pathname).toBe("/auth/continue");
    expect(back.searchParams.get("host")).toBe(`admin.localhost:${own.port}`);
    expect(back.searchParams.get("next")).toBe(path);
  }
  // The export (a route) sends the signed-out the same way.
  const exportAnswer = await consoleGet(visitor, "/workspaces/export?q=acme");
  expect(exportAnswer.status).toBe(303);

  // A member of a workspace signs in there: not found, on every console URL.
  const alice = await (await browser.newContext()).newPage();
  await alice.goto(`${admin}/?q=acme`);
  await fillDemoSignIn(alice, "alice@acme.test");
  await expect(alice.getByText("Not found.")).toBeVisible();
  for (const path of consoleUrls) {
    expect((await alice.goto(`${admin}${path}`))?.status(), path).toBe(404);
  }
  // The email outbox (every workspace's mail) is no more hers than the console.
  expect((await alice.goto(`${apex}/dev/outbox`))?.status()).toBe(404);

  // The operator: signed out, asks for a filtered list; signs in on the apex; lands on the console.
  const ops = await (await browser.newContext()).newPage();
  await ops.goto(`${admin}/?q=acme`);
  await fillDemoSignIn(ops, "ops@atrium.test");
  // Operators always need a second factor: the console says so first.
  await expect(ops).toHaveURL(`${admin}/?q=acme`);
  await expect(ops.getByRole("heading", { name: "Set up two-factor authentication first" })).toBeVisible();
  // Nor the outbox, until the second factor is set up.
  expect((await ops.goto(`${apex}/dev/outbox`))?.status()).toBe(404);
  await enrolSecondFactor(ops, own.port);
  expect((await ops.goto(`${apex}/dev/outbox`))?.status()).toBe(200);
  await expect(ops.getByRole("heading", { level: 1 })).toBeVisible();

  await ops.goto(`${admin}/`);
  await expect(ops.getByRole("heading", { name: "Workspaces", exact: true, level: 1 })).toBeVisible();
  await expect(ops.getByRole("link", { name: "Background jobs" })).toBeVisible();
  const table = ops.getByRole("table", { name: "Workspaces" });
  await expect(table.locator("[data-workspace]")).not.toHaveCount(0);
  await snap(ops, "operator-console-01-list");

  // Search with the keyboard: type, Enter.
  await ops.getByRole("searchbox", { name: "Search" }).fill("globex");
  await ops.getByRole("searchbox", { name: "Search" }).press("Enter");
  await expect(ops).toHaveURL(/[?&]q=globex/);
  await expect(table.locator("[data-workspace]")).toHaveCount(1);
  await expect(table.locator('[data-workspace="globex"]')).toBeVisible();
  // By owner email too.
  await ops.getByRole("searchbox", { name: "Search" }).fill("alice@acme.test");
  await ops.getByRole("searchbox", { name: "Search" }).press("Enter");
  await expect(table.locator('[data-workspace="acme"]')).toBeVisible();
  await snap(ops, "operator-console-02-search");

  // Nothing matches: the empty state says what to do.
  await ops.goto(`${admin}/?q=no-such-workspace-anywhere`);
  await expect(ops.getByRole("heading", { name: "No workspace matches" })).toBeVisible();
  await expect(ops.getByRole("link", { name: "Show every workspace" })).toBeVisible();
  // A broken page link or a NUL byte: a readable message, not an error page.
  await ops.goto(`${admin}/?after=garbage`);
  await expect(ops.getByRole("alert").filter({ hasText: "These filters cannot be used" })).toContainText("This page link is broken");
  await ops.goto(`${admin}/?q=a%00b`);
  await expect(ops.getByRole("alert").filter({ hasText: "These filters cannot be used" })).toContainText("NUL");
  expect((await consoleGet(ops, "/workspaces/export?after=x&sort=nope")).status).toBe(400);
  expect((await consoleGet(ops, `/workspaces/export?q=${"x".repeat(5000)}`)).status).toBe(400);
  expect((await consoleGet(ops, "/workspaces/export?q=a%00b")).status).toBe(400);
  // HEAD answers the export's headers without reading (and auditing) a batch nobody downloads.
  const audited = () => withOwnDatabase(async (sql) => (await sql<{ n: number }[]>`select count(*)::int as n from operator_audit_events`)[0]!.n);
  const before = await audited();
  expect(await consoleGet(ops, "/workspaces/export?q=acme", "HEAD")).toEqual({ status: 200, type: "text/csv; charset=utf-8", body: "" });
  expect((await consoleGet(ops, "/workspaces/export?q=a%00b", "HEAD")).status).toBe(400);
  expect(await audited()).toBe(before);

  // An unknown or malformed workspace id is a real 404 for an operator too, on both workspace pages.
  for (const bad of ["not-an-id", "00000000-0000-4000-8000-000000000000"]) {
    for (const path of [`/workspaces/${bad}`, `/workspaces/${bad}/actions`]) {
      expect((await ops.goto(`${admin}${path}`))?.status(), path).toBe(404);
      await expect(ops.getByRole("heading", { name: "Not found" })).toBeVisible();
    }
  }

  // The row opens the workspace (its detail page).
  await ops.goto(`${admin}/?q=acme`);
  await table.locator('[data-workspace="acme"]').getByRole("link").first().click();
  await expect(ops).toHaveURL(`${admin}/workspaces/${acmeId}`);
  await expect(ops.getByRole("heading", { name: "Acme Inc." })).toBeVisible();
  await expect(ops.getByRole("list", { name: "Members" }).getByText("alice@acme.test")).toBeVisible();
  await snap(ops, "operator-console-03-detail");

  // The CSV export, filtered as the list is.
  const csv = await consoleGet(ops, "/workspaces/export?q=globex");
  expect(csv.status).toBe(200);
  expect(csv.type).toContain("text/csv");
  const lines = csv.body.trim().split("\r\n");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain('"globex"');

  // At 390 px: the page does not scroll sideways (the table scrolls in its frame).
  await ops.goto(`${admin}/`);
  await ops.setViewportSize({ width: 390, height: 844 });
  // On a loaded machine the resize can reach the page a moment later: wait for it, then measure.
  await expect.poll(() => ops.evaluate(() => window.innerWidth)).toBe(390);
  expect(await ops.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await snap(ops, "operator-console-04-390px");

  // Every read was recorded in the operator audit log, with who and what.
  const audit = await withOwnDatabase((sql) => sql<{ action: string; email: string }[]>`
    select e.action, u.email from operator_audit_events e join users u on u.id = e.actor_user_id order by e.created_at`);
  expect(audit.every((a) => a.email === "ops@atrium.test")).toBe(true);
  expect(new Set(audit.map((a) => a.action))).toEqual(new Set(["workspaces.list", "workspace.viewed", "workspaces.export"]));
});
