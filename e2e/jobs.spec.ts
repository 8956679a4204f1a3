import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { enrolSecondFactorAndOpenConsole, signInDemo } from "./operator-session";
import { startOwnServer, type OwnServer } from "./own-server";
import { snap } from "./helpers";
import { QUEUE_NAMES } from "../server/jobs/queues";

// The operators' Jobs page on its own server (the operator enrols a second factor, which would
// change the shared server's seeded operator), with the workers running in the web process.

let own: OwnServer;
test.beforeAll(async () => {
  own = await startOwnServer({ JOBS_IN_PROCESS: "true", JOBS_POLL_INTERVAL_MS: "300" });
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

const signIn = (page: Page, email: string) => signInDemo(page, own.port, email);

test("operators see the queues and failed jobs, and retry one with a reason (audited); nobody else finds the page", async ({ browser }) => {
  const admin = `http://admin.localhost:${own.port}`;
  // A job that has spent its retries, as the email queue leaves one when SMTP stays down.
  const jobId = await withOwnDatabase(async (sql) => {
    const [tenant] = await sql<{ id: string }[]>`select id from tenants where slug = 'acme'`;
    const [job] = await sql<{ id: string }[]>`
      insert into pgboss.job (name, data, state, retry_limit, retry_count, started_on, completed_on, output, policy)
      values ('email-send', ${sql.json({ tenantId: tenant!.id })}, 'failed', 5, 5, now() - interval '1 minute', now(), ${sql.json({ name: "PartialJobFailure", message: "1 email(s) could not be sent (0 sent): connect ECONNREFUSED 10.0.0.25:587" })}, 'short')
      returning id::text`;
    return job!.id;
  });

  // A member of a workspace: not found, on the page and through the action's host.
  const alice = await (await browser.newContext()).newPage();
  await signIn(alice, "alice@acme.test");
  expect((await alice.goto(`${admin}/jobs`))?.status()).toBe(404);

  const ops = await (await browser.newContext()).newPage();
  await signIn(ops, "ops@atrium.test");
  // Operators always need a second factor: enrol one (the app computes the codes).
  await enrolSecondFactorAndOpenConsole(ops, own.port);

  await ops.getByRole("link", { name: "Background jobs" }).click();
  await expect(ops).toHaveURL(`${admin}/jobs`);
  await expect(ops.getByRole("heading", { name: "Background jobs" })).toBeVisible();
  const queues = ops.getByRole("table", { name: "Queues" });
  // A header row and one row per queue of server/jobs/queues.ts.
  await expect(queues.getByRole("row")).toHaveCount(QUEUE_NAMES.length + 1);
  // The in-process workers have been running the schedules since the server started.
  await expect(async () => {
    await ops.reload();
    await expect(ops.locator('[data-queue="lifecycle-sweep"] td').nth(5)).not.toHaveText("0");
  }).toPass({ timeout: 20_000 });
  const failedRow = ops.locator(`[data-job="${jobId}"]`);
  await expect(failedRow).toContainText("email-send");
  await expect(failedRow).toContainText("connect ECONNREFUSED 10.0.0.25:587");
  await expect(failedRow.getByRole("cell").nth(2)).toHaveText("6");
  await snap(ops, "jobs-01-failed-job");
  // On a phone the tables scroll inside their cards; the page itself does not scroll sideways.
  await ops.setViewportSize({ width: 390, height: 844 });
  expect(await ops.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expect(failedRow.getByRole("button", { name: /^Retry email-send job/ })).toBeAttached();
  await snap(ops, "jobs-01b-failed-job-390px");
  await ops.setViewportSize({ width: 1280, height: 900 });

  // A reason is required (at least 3 characters; the browser says so, and the server checks again).
  const reason = failedRow.getByLabel(/Reason for retrying/);
  await reason.fill("ok");
  await failedRow.getByRole("button", { name: /^Retry email-send job/ }).click();
  expect(await reason.evaluate((input: HTMLInputElement) => input.validity.tooShort)).toBe(true);
  await reason.fill("SMTP relay fixed (ticket OPS-42)");
  await failedRow.getByRole("button", { name: /^Retry email-send job/ }).click();
  await expect(ops.getByText(`Sent email-send job ${jobId.slice(0, 8)} back to its queue.`)).toBeVisible();
  await snap(ops, "jobs-02-retried");

  // The worker runs it again (no SMTP configured here: the outbox is the delivery, so it succeeds).
  await expect.poll(() => withOwnDatabase(async (sql) => (await sql<{ state: string }[]>`select state from pgboss.job where id = ${jobId}`)[0]?.state), { timeout: 15_000 }).toBe("completed");
  await ops.reload();
  await expect(ops.locator(`[data-job="${jobId}"]`)).toHaveCount(0);

  const audit = await withOwnDatabase(async (sql) => ({
    operator: await sql<{ action: string; reason: string }[]>`select action, reason from operator_audit_events where target = ${`job:email-send/${jobId}`}`,
    workspace: await sql<{ action: string }[]>`select a.action from audit_events a join tenants t on t.id = a.tenant_id where t.slug = 'acme' and a.target = ${`job:email-send/${jobId}`}`,
  }));
  expect(audit.operator).toEqual([{ action: "job.retried", reason: "SMTP relay fixed (ticket OPS-42)" }]);
  expect(audit.workspace).toEqual([{ action: "job.retried" }]);
});
