import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { apex, DASHBOARD_PAGES, emailLink, tenantUrl, uniqueId, watchCsp, watchMissingMessages, withE2eDatabase } from "./helpers";

// Issue 17, two locales: English and German. The marketing pages exist once per language (English
// at the plain addresses, German under /de, both prerendered); everything else follows the
// person's choice (a cookie per host, kept on the account and carried by hand-offs).

async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("the German marketing pages are prerendered in German, switch language both ways and pass axe", async ({ page }) => {
  test.setTimeout(120_000);
  const missing = watchMissingMessages(page);
  const csp = watchCsp(page);
  const landing = await page.goto(apex("/de"));
  expect(landing?.headers()["cache-control"], "prerendered and cacheable like the English page").toContain("s-maxage");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Das Kundenportal, das Ihr SaaS verdient");
  expect(await page.evaluate(() => document.documentElement.lang)).toBe("de");
  // The first stop for a keyboard speaks the page's language (the root layout renders it as English).
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Zum Inhalt springen" })).toBeFocused();
  await expect(page.getByRole("link", { name: "Preise" })).toHaveAttribute("href", "/de/pricing");
  expect(await axeViolations(page)).toEqual([]);

  await page.getByRole("link", { name: "Preise" }).click();
  await expect(page).toHaveURL(apex("/de/pricing"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Einfache, planbare Preise");
  await expect(page.getByRole("link", { name: /^(Zum Inhalt springen|Skip to content)$/ })).toHaveText("Zum Inhalt springen");
  // Money as German readers write it; the euro prices are the catalogue's own.
  await page.getByRole("radio", { name: "EUR" }).click();
  await expect(page.getByRole("main")).toContainText(/89\u00a0€\/Monat/);
  await expect(page.getByRole("row", { name: /Mitglieder/ })).toContainText("Unbegrenzt");
  expect(await axeViolations(page)).toEqual([]);

  // English from the footer: the same page at its English address, and the choice is kept.
  await page.getByRole("contentinfo").getByLabel("Sprache").selectOption("en");
  await expect(page).toHaveURL(apex("/pricing"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Simple, predictable pricing");
  expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
  await expect(page.getByRole("link", { name: /^(Zum Inhalt springen|Skip to content)$/ })).toHaveText("Skip to content");
  await page.goto(apex("/"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("The customer portal your SaaS deserves");

  // Back to German: the plain addresses now lead to the German pages.
  await page.getByRole("contentinfo").getByLabel("Language").selectOption("de");
  await expect(page).toHaveURL(apex("/de"));
  await page.goto(apex("/sign-in"));
  await expect(page).toHaveURL(apex("/de/sign-in"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bei Atrium anmelden");
  expect(await axeViolations(page)).toEqual([]);
  // The server's refusal is English at the source and German on the page (lib/i18n/server-text).
  await page.getByLabel("E-Mail").fill(`nobody-${Date.now()}@example.test`);
  await page.getByLabel("Passwort", { exact: true }).fill("not the password at all");
  await page.getByRole("button", { name: "Anmelden", exact: true }).click();
  await expect(page.getByText("E-Mail-Adresse oder Passwort ist falsch.")).toBeVisible();

  // /en/… is not a second address for the English pages.
  const english = await page.request.get(apex("/en/pricing"), { maxRedirects: 0 });
  expect(english.status()).toBe(308);
  expect(english.headers()["location"]).toMatch(/\/pricing$/);
  // Unknown paths under /de are a 404, in German for someone who chose it.
  expect((await page.goto(apex("/de/nowhere")))?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nicht gefunden");
  expect(missing).toEqual([]);
  expect(csp).toEqual([]);
});

test("a person who signs up in German keeps German on every host, and can switch in the account menu", async ({ page }) => {
  test.setTimeout(180_000);
  const missing = watchMissingMessages(page);
  const id = uniqueId();
  const email = `greta-${id}@example.test`;
  await page.goto(apex("/de/sign-up"));
  await page.getByLabel("Ihr Name").fill("Greta Graf");
  await page.getByLabel("Geschäftliche E-Mail").fill(email);
  await page.getByLabel("Passwort", { exact: true }).fill("ein ausreichend langes Passwort");
  await page.getByRole("button", { name: "Konto erstellen" }).click();
  await expect(page).toHaveURL(apex("/check-email"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Prüfen Sie Ihre E-Mails");
  expect(await withE2eDatabase((sql) => sql<{ locale: string }[]>`select locale from users where email = ${email}`)).toEqual([{ locale: "de" }]);

  await page.goto(await emailLink(email, "verify-email"));
  await expect(page.getByText(`${email} ist bestätigt`, { exact: false })).toBeVisible();
  await page.goto(apex("/new"));
  await page.getByLabel("Name des Workspace").fill(`Graf ${id}`);
  await expect(page.getByText("Verfügbar", { exact: true })).toBeVisible();
  const slug = await page.getByLabel("Adresse").inputValue();
  await page.getByRole("button", { name: "Workspace erstellen" }).click();
  // The hand-off to the workspace's host carries the language (cookies are per host).
  await expect(page).toHaveURL(tenantUrl(slug, "/dashboard/onboarding"));
  expect(await page.evaluate(() => document.documentElement.lang)).toBe("de");
  await page.getByRole("link", { name: /Später abschließen/ }).click();
  await expect(page).toHaveURL(tenantUrl(slug, "/dashboard"));
  await expect(page.getByRole("link", { name: "Mitglieder" }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Abrechnung" }).first()).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.goto(tenantUrl(slug, "/dashboard/members"));
  await expect(page).toHaveTitle(new RegExp(`Mitglieder · Graf ${id}`));
  expect(await axeViolations(page)).toEqual([]);
  // Each page hands its client components only its own words: every page, hydrated, misses none.
  for (const path of DASHBOARD_PAGES) {
    await page.goto(tenantUrl(slug, path));
    await page.waitForLoadState("load");
    expect(missing, path).toEqual([]);
  }
  // The same moving between them in the page (each page's words arrive with its segment): a
  // marker on the window shows that no link reloaded the document.
  await page.goto(tenantUrl(slug, "/dashboard"));
  await page.evaluate(() => Object.assign(window, { walkedInPage: true }));
  const nav = page.getByRole("navigation", { name: "Workspace" });
  for (const name of ["Mitglieder", "Nutzung", "Insights", "API-Schlüssel", "API-Referenz", "Abrechnung", "Einstellungen", "Audit-Log", "Übersicht"]) {
    await nav.getByRole("link", { name, exact: true }).click();
    await expect(nav.getByRole("link", { name, exact: true })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(missing, name).toEqual([]);
  }
  expect(await page.evaluate(() => "walkedInPage" in window)).toBe(true);
  await page.goto(tenantUrl(slug, "/dashboard/members"));

  // A switch that cannot be saved (the connection drops it) says so in a toast, in the page's
  // language, and the page stays as it was.
  await page.route("**/*", (route) => (route.request().headers()["next-action"] ? route.abort() : route.continue()));
  await page.getByRole("button", { name: /Greta Graf/ }).click();
  await page.getByRole("menuitemradio", { name: "English" }).click();
  await expect(page.getByText("Die Sprache konnte nicht gespeichert werden. Versuchen Sie es erneut.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Mitglieder" }).first()).toBeVisible();
  await page.unroute("**/*");

  // English from the account menu: this host re-renders in English, and the account keeps it.
  await page.getByRole("button", { name: /Greta Graf/ }).click();
  await page.getByRole("menuitemradio", { name: "English" }).click();
  await expect(page.getByRole("link", { name: "Members" }).first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
  await expect.poll(() => withE2eDatabase((sql) => sql<{ locale: string }[]>`select locale from users where email = ${email}`)).toEqual([{ locale: "en" }]);
  expect(missing).toEqual([]);
});
