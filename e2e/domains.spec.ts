import { expect, test } from "@playwright/test";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { apex, createWorkspace, ROOT, signUp, snap, tenantUrl, uniqueId } from "./helpers";

// The test server answers DNS questions from this file (DNS_FIXTURE_FILE in playwright.config.ts),
// and Chromium maps *.e2e.test to this machine, so a "custom domain" can be used for real.
const DNS_FILE = path.resolve(".data/e2e/dns.json");
const PORT = ROOT.split(":")[1] ?? "80";

test("custom domain: DNS instructions, verify says what is missing, then the workspace is served and signed in on the domain", async ({ page }) => {
  const id = uniqueId();
  const hostname = `portal-${id}.e2e.test`;
  mkdirSync(path.dirname(DNS_FILE), { recursive: true });
  writeFileSync(DNS_FILE, "{}");
  await signUp(page, { name: "Dee Domain", email: `dee-${id}@example.test`, password: "a long enough password" });
  const slug = await createWorkspace(page, `Domain ${id}`);
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: "Domains" }).click();

  await page.getByLabel("Domain", { exact: true }).fill("not a domain");
  await page.getByRole("button", { name: "Add domain" }).click();
  await expect(page.getByText("Use a full domain such as portal.example.com.")).toBeVisible();
  await page.getByLabel("Domain", { exact: true }).fill(hostname);
  await page.getByRole("button", { name: "Add domain" }).click();
  await expect(page.getByText("Waiting for DNS")).toBeVisible();
  const txtValue = (await page.getByRole("cell", { name: /atrium-verification=/ }).textContent())!.replace(/Copy$/, "").trim();

  // Nothing in DNS yet: Verify lists both missing records.
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("domain-problems")).toContainText(`No TXT record found at _atrium-challenge.${hostname}`);
  await expect(page.getByTestId("domain-problems")).toContainText(`No CNAME record found for ${hostname}`);
  await snap(page, "70-domain-pending");

  // The owner creates the records; Verify now succeeds.
  writeFileSync(DNS_FILE, JSON.stringify({ [`_atrium-challenge.${hostname}`]: { TXT: [txtValue] }, [hostname]: { CNAME: ["domains.localhost"] } }));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("Verified", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: `http://${hostname}:${PORT}` })).toBeVisible();
  await snap(page, "71-domain-verified");

  // The domain serves the workspace; signing in there goes through the apex and back.
  await page.goto(`http://${hostname}:${PORT}/`);
  await expect(page.getByRole("heading", { name: `Domain ${id}` })).toBeVisible();
  await page.goto(`http://${hostname}:${PORT}/dashboard/members`);
  await expect(page).toHaveURL(`http://${hostname}:${PORT}/dashboard/members`);
  await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
  await snap(page, "72-dashboard-on-custom-domain");
  expect(slug).toBeTruthy();

  // The workspace switcher on the custom domain does not carry that domain's session to another
  // workspace (the platform does not control the name): a plain link, that workspace's own sign-in.
  await page.goto(apex("/new"));
  const second = await createWorkspace(page, `Second ${id}`);
  await page.goto(`http://${hostname}:${PORT}/dashboard`);
  const handoffs: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/auth/handoff") handoffs.push(request.url());
  });
  await page.getByRole("button", { name: /switch workspace/ }).click();
  await page.getByRole("menuitem", { name: `Second ${id}` }).click();
  await expect(page).toHaveURL(tenantUrl(second, "/dashboard"));
  await expect(page.getByRole("heading", { level: 1, name: `Second ${id}` })).toBeVisible();
  expect(handoffs).toEqual([]);
});
