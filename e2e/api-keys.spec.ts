import { expect, test } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { createWorkspace, inWorkspace, signUp, snap, uniqueId } from "./helpers";

test("create an API key, use it against the API, see usage, rotate and revoke it", async ({ page }) => {
  const id = uniqueId();
  await signUp(page, { name: "Kim Keys", email: `kim-${id}@example.test`, password: "a long enough password" });
  const slug = await createWorkspace(page, `Keys ${id}`);

  await page.getByRole("link", { name: "Usage" }).click();
  await expect(page.getByText(/curl/).first()).toBeVisible();
  await snap(page, "30-usage-empty");

  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page.getByText("No API keys yet")).toBeVisible();
  await page.getByLabel("Name").fill("Production backend");
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("api-key-secret").textContent())!;
  expect(secret).toMatch(/^atr_live_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole("cell", { name: "Production backend" })).toBeVisible();
  // The trial is Pro: 20 keys.
  await expect(page.getByTestId("key-count")).toHaveText("1 of 20 keys in use");
  await snap(page, "31-api-key-created");

  const api = (path: string, init: { method?: string; body?: unknown; key?: string } = {}) =>
    page.evaluate(
      async ({ path, init, secret }) => {
        const res = await fetch(`/api/v1${path}`, {
          method: init.method ?? "GET",
          headers: { authorization: `Bearer ${init.key ?? secret}`, "content-type": "application/json" },
          body: init.body ? JSON.stringify(init.body) : undefined,
        });
        return { status: res.status, body: await res.json(), rateLimit: res.headers.get("ratelimit") };
      },
      { path, init, secret },
    );

  const posted = await api("/usage", { method: "POST", body: { events: [{ metric: "units", quantity: 42, idempotencyKey: "first" }] } });
  expect(posted.status).toBe(201);
  expect(posted.body.accepted).toBe(1);
  expect(posted.rateLimit).toMatch(/^"per-minute";r=\d+;t=\d+$/);
  const again = await api("/usage", { method: "POST", body: { metric: "units", quantity: 42, idempotencyKey: "first" } });
  expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });

  await page.getByRole("link", { name: "Usage" }).click();
  await expect(page.getByText("42").first()).toBeVisible();
  // Each meter says what happens past its limit in its own words; overage plans show the overage zone.
  await expect(page.getByTestId("usage-units-limit-note")).toHaveText("Overage billed: units past 100,000 are still accepted and billed at $1.00 per 1,000.");
  await expect(page.getByTestId("usage-api_calls-limit-note")).toHaveText("Hard limit: API calls past 1,000,000 this period are refused until the period resets.");
  await expect(page.getByTestId("usage-storage_gb-limit-note")).toContainText("storage above 100 GB");
  await expect(page.getByTestId("usage-units").getByTestId("overage-zone")).toBeAttached();
  await expect(page.getByTestId("usage-api_calls").getByTestId("overage-zone")).toHaveCount(0);
  await snap(page, "32-usage");

  await page.getByRole("link", { name: "API keys" }).click();
  await page.getByRole("button", { name: "Rotate" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Rotate key" }).click();
  const rotated = (await page.getByTestId("api-key-secret").textContent())!;
  expect(rotated).not.toBe(secret);
  await expect(page.getByText(/The old key keeps working until/)).toBeVisible();
  expect((await api("/entitlements", { key: rotated })).status).toBe(200);
  expect((await api("/entitlements")).status).toBe(200);
  // The rotated-out key keeps working for a while but no longer counts against the limit.
  await expect(page.getByTestId("key-count")).toHaveText("1 of 20 keys in use");

  const active = page.getByRole("row").filter({ hasText: "Active" });
  await active.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("Key revoked").first()).toBeVisible();
  await expect(page.getByTestId("key-count")).toHaveText("0 of 20 keys in use");
  const revoked = await api("/entitlements", { key: rotated });
  expect(revoked.status).toBe(401);
  expect(revoked.body.error.code).toBe("unauthorized");
  await snap(page, "33-api-keys-rotated-revoked");

  await page.getByRole("link", { name: "API reference" }).click();
  await expect(page.getByText("/entitlements/{feature}").first()).toBeVisible();
  // Typed fields instead of raw JSON Schema, and the example in three languages.
  await expect(page.getByRole("table", { name: "POST /usage request body fields" }).getByRole("cell", { name: "events[].metric" })).toBeVisible();
  await expect(page.getByRole("region", { name: "POST /usage in Python (requests)" })).toContainText("requests.post(");
  await expect(page.getByRole("region", { name: "POST /usage in JavaScript (fetch)" })).toContainText("await fetch(");
  await snap(page, "34-api-reference");

  // On Starter (3 keys) with three in use, the form says so before anyone types a name.
  await inWorkspace(slug, async (tx, tenantId) => {
    await tx`update tenants set plan_id = 'starter', status = 'active' where id = ${tenantId}`;
    for (const name of ["One", "Two", "Three"]) {
      await tx`insert into api_keys (tenant_id, name, prefix, key_hash, scopes) values (${tenantId}, ${name}, ${`atr_live_${randomBytes(2).toString("hex")}`}, ${randomBytes(32).toString("hex")}, ${["usage:read"]})`;
    }
  });
  // The plan is read through the usage snapshot (cached 2 s): reload until it shows.
  await page.goto(page.url().replace(/\/dashboard\/.*$/, "/dashboard/api-keys"));
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("key-count")).toHaveText("3 of 3 keys in use", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByTestId("key-limit-reached")).toContainText("Your plan allows 3 keys, and all are in use.");
  await page.getByLabel("Key name").fill("A fourth");
  await expect(page.getByRole("button", { name: "Create key" })).toBeDisabled();
});
