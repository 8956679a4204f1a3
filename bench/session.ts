import { chromium } from "@playwright/test";

/**
 * Signs in through the real pages in Debian Chromium (apex sign-in, then the one-time hand-off to
 * the workspace host) and returns the Cookie header for that host, for autocannon.
 */
export async function signedInCookie(options: { port: number; email: string; password: string; workspaceName: string; slug: string }): Promise<string> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const page = await browser.newPage();
    const apex = `http://localhost:${options.port}`;
    const workspace = `http://${options.slug}.localhost:${options.port}`;
    await page.goto(`${apex}/sign-in`);
    await page.getByLabel("Email").fill(options.email);
    await page.getByLabel("Password").fill(options.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${apex}/workspaces`);
    await page.getByRole("button", { name: `Open ${options.workspaceName}` }).click();
    await page.waitForURL(`${workspace}/dashboard`);
    return (await page.context().cookies(workspace)).map((c) => `${c.name}=${c.value}`).join("; ");
  } finally {
    await browser.close();
  }
}
