import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { snap } from "./helpers";
import { enrolSecondFactorAndOpenConsole, signInDemo } from "./operator-session";
import { startOwnServer, type OwnServer } from "./own-server";

// The public status page on status.localhost:<port> and the console's incidents, on their own
// server (the operator enrols a second factor, which would change the shared server's operator).
// Probe results are written underneath the app: the prober itself is covered by unit tests.

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

async function latestEmail(to: string, subject: string): Promise<string> {
  let body = "";
  await expect
    .poll(async () => {
      body = await withOwnDatabase(async (sql) => (await sql<{ body_text: string }[]>`select body_text from email_outbox where to_address = ${to} and subject = ${subject} order by created_at desc limit 1`)[0]?.body_text ?? "");
      return body;
    })
    .not.toBe("");
  return body;
}

function statusLink(body: string, path: string, port: number): string {
  const match = new RegExp(`http://status\\.localhost:${port}${path}\\?s=[0-9a-f-]+&t=[\\w-]+`).exec(body);
  expect(match, body).not.toBeNull();
  return match![0];
}

async function noSidewaysScroll(page: Page): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

test("an incident opened in the console appears on the public status page, is emailed to subscribers, and is resolved; nobody else finds the console page", async ({ browser }) => {
  // Two people sign in, one enrols a second factor, and the incident goes through its whole life.
  test.setTimeout(180_000);
  const status = `http://status.localhost:${own.port}`;
  const admin = `http://admin.localhost:${own.port}`;
  // Three healthy minutes for every component, and yesterday with 30 failed minutes of the API.
  await withOwnDatabase(
    (sql) => sql`
      insert into probe_results (component, minute, ok, latency_ms)
      select c, date_trunc('minute', now()) - make_interval(mins => m), true, 12
      from unnest(array['dashboard', 'api', 'sign-in', 'billing']) c, generate_series(0, 2) m
      union all
      select 'api', (date_trunc('day', now() at time zone 'UTC') at time zone 'UTC') - interval '1 day' + make_interval(mins => m), m >= 30, 15 from generate_series(0, 1439) m`,
  );

  // A visitor, signed out: the page works without an account.
  const visitor = await (await browser.newContext()).newPage();
  const res = await visitor.goto(`${status}/`);
  expect(res?.status()).toBe(200);
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText("All systems operational");
  const api = visitor.locator('[data-component="api"]');
  await expect(api.getByTestId("component-state")).toContainText("Operational");
  // Each bar has its words; a day without results says "no data", not 100 %.
  const bars = api.getByRole("list", { name: "Public API: availability per day, last 90 days" });
  await expect(bars.getByRole("listitem")).toHaveCount(90);
  await expect(bars.getByRole("listitem").nth(88)).toContainText("97.91 % available (30 failed of 1440 checked minutes)");
  await expect(bars.getByRole("listitem").first()).toContainText(": no data");

  // Subscribe and confirm (the link's page has a button; opening it alone changes nothing).
  const subscriber = `status-watcher-${Date.now()}@example.test`;
  await visitor.getByLabel("Email").fill(subscriber);
  await visitor.getByRole("button", { name: "Subscribe" }).click();
  await expect(visitor.getByText("Check your inbox: we sent a link to confirm your subscription.")).toBeVisible();
  const confirmation = await latestEmail(subscriber, "Confirm your subscription to incident updates");
  await visitor.goto(statusLink(confirmation, "/subscribe/confirm", own.port));
  await visitor.getByRole("button", { name: "Confirm subscription" }).click();
  await expect(visitor.getByText(`Subscribed: ${subscriber} will get an email`)).toBeVisible();

  // A member of a workspace: the console's incidents page is not found.
  const alice = await (await browser.newContext()).newPage();
  await signInDemo(alice, own.port, "alice@acme.test");
  expect((await alice.goto(`${admin}/incidents`))?.status()).toBe(404);

  const ops = await (await browser.newContext()).newPage();
  await signInDemo(ops, own.port, "ops@atrium.test");
  await enrolSecondFactorAndOpenConsole(ops, own.port);
  await ops.getByRole("link", { name: "Incidents" }).click();
  await expect(ops).toHaveURL(`${admin}/incidents`);
  await expect(ops.getByRole("heading", { name: "Incidents", level: 1 })).toBeVisible();

  // Bad input is a readable message on the form (the server checks what the browser may not).
  const title = ops.getByLabel("Title");
  await title.evaluate((input: HTMLInputElement) => input.removeAttribute("maxlength"));
  await title.fill("x".repeat(10_000));
  await ops.getByLabel("Dashboard", { exact: true }).check();
  await ops.getByLabel("First update").fill("Looking into it.");
  await ops.getByRole("button", { name: "Open incident" }).click();
  await expect(ops.getByRole("alert").first()).toContainText("Keep the title under 200 characters.");
  // A refused form keeps what was typed.
  await expect(ops.getByLabel("Dashboard", { exact: true })).toBeChecked();
  await expect(ops.getByLabel("First update")).toHaveValue("Looking into it.");

  await title.fill("Dashboard pages answer slowly");
  await ops.getByLabel("Public API", { exact: true }).check();
  await ops.getByLabel("Impact").selectOption("major");
  await ops.getByLabel("First update").fill("Some dashboard pages take over 10 seconds; we are investigating.");
  await ops.getByRole("button", { name: "Open incident" }).click();
  await expect(ops.getByText(/Incident opened; 1 subscriber email\(s\) queued\./)).toBeVisible();
  await snap(ops, "status-01-console-incident-opened");

  // On the status page at once.
  await visitor.goto(`${status}/`);
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText("Some systems are not working");
  const active = visitor.getByRole("region", { name: "Active incidents" });
  await expect(active.getByRole("heading", { name: "Dashboard pages answer slowly" })).toBeVisible();
  await expect(active).toContainText("Some dashboard pages take over 10 seconds; we are investigating.");
  await expect(visitor.locator('[data-component="dashboard"]').getByTestId("component-state")).toContainText("Partial outage");
  await expect(visitor.locator('[data-component="billing"]').getByTestId("component-state")).toContainText("Operational");
  await snap(visitor, "status-02-active-incident");
  await noSidewaysScroll(visitor);
  await snap(visitor, "status-03-active-incident-390px");
  await visitor.setViewportSize({ width: 1280, height: 900 });

  const incidentMail = await latestEmail(subscriber, "[Incident] Dashboard pages answer slowly");
  expect(incidentMail).toContain("Some dashboard pages take over 10 seconds");

  // Resolve it from the console.
  // (The title is screen-reader text in the link; the accessible name puts a space around it.)
  await ops.getByRole("link", { name: /^Post an update or resolve\s*:\s*Dashboard pages answer slowly$/ }).click();
  await ops.getByLabel("Status", { exact: true }).selectOption("resolved");
  await ops.getByLabel("Update", { exact: true }).fill("A slow database index was rebuilt; pages are fast again.");
  await ops.getByRole("button", { name: "Post update" }).click();
  await expect(ops.getByText(/Incident resolved; 1 subscriber email\(s\) queued\./)).toBeVisible();
  await expect(ops.getByText("This incident is resolved and takes no more updates.")).toBeVisible();
  await expect(ops.getByRole("button", { name: "Post update" })).toHaveCount(0);
  await noSidewaysScroll(ops);
  await snap(ops, "status-04-console-resolved-390px");

  await visitor.goto(`${status}/`);
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText("All systems operational");
  await expect(visitor.getByRole("region", { name: "Active incidents" })).toHaveCount(0);
  const recent = visitor.getByRole("region", { name: "Recent incidents" });
  await expect(recent.getByRole("heading", { name: "Dashboard pages answer slowly" })).toBeVisible();
  await expect(recent).toContainText("A slow database index was rebuilt; pages are fast again.");
  await expect(recent).toContainText("Resolved");
  await snap(visitor, "status-05-resolved");

  const audit = await withOwnDatabase((sql) => sql<{ action: string }[]>`select action from operator_audit_events where action like 'incident.%' order by created_at`);
  expect(audit.map((a) => a.action)).toEqual(["incident.opened", "incident.resolved"]);

  // Every incident email carries its unsubscribe link; it works without signing in.
  const resolvedMail = await latestEmail(subscriber, "[Resolved] Dashboard pages answer slowly");
  await visitor.goto(statusLink(resolvedMail, "/unsubscribe", own.port));
  await visitor.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(visitor.getByText(`Unsubscribed: ${subscriber} gets no more incident emails.`)).toBeVisible();
});
