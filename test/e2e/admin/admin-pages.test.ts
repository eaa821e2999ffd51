// The merchant admin in Chromium, inside the stand-in's admin shell: first-run setup guide,
// every page without console errors, failed requests or serious axe violations, forms that keep
// input on errors, and the full flow (earn rate → order in the stand-in → dashboard and customer).
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppWithStandin, eventually, startAppWithStandin } from "../../support/app-with-standin";
import { launchChromium } from "../../support/browser";
import { openAdminPage, SCREENSHOT_DIR, seriousViolations, watch } from "./admin-shell";

let env: AppWithStandin;
let browser: Browser;
let shop: string;

beforeAll(async () => {
  // Cross-site, as Shopify admin frames the app: the browser blocks the frame's storage.
  env = await startAppWithStandin({}, { crossSite: true });
  shop = env.standin.createShop({ name: "Admin Test Shop" }).domain;
  browser = await launchChromium();
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await env?.stop();
});

async function newWatchedPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  return watch(await context.newPage());
}

describe("merchant admin", () => {
  it("guides a new merchant through setup, then shows the dashboard", async () => {
    const w = await newWatchedPage();
    await openAdminPage(w, env.standin.adminUrl(shop), "Tally Rewards");
    await w.app.getByRole("heading", { level: 2, name: "Welcome to Tally Rewards" }).waitFor();
    await expect(w.app.getByText("0 of 3 steps done").isVisible()).resolves.toBe(true);
    await w.page.screenshot({ path: path.join(SCREENSHOT_DIR, "setup-guide.png"), fullPage: true });
    expect(await seriousViolations(w.page)).toEqual([]);

    // Step 1: a bad earn rate is refused inline and the typed values stay.
    await w.app.getByLabel("Name (one)").fill("Star");
    await w.app.getByLabel("Name (many)").fill("Stars");
    await w.app.getByLabel("Points earned").fill("2");
    await w.app.getByLabel(/For every amount spent/).fill("0.001");
    await w.app.getByRole("button", { name: "Save and continue" }).click();
    await w.app.getByText(/more decimals than USD allows/).first().waitFor();
    await expect(w.app.getByLabel("Name (many)").inputValue()).resolves.toBe("Stars");
    await w.app.getByLabel(/For every amount spent/).fill("1.00");
    await w.app.getByRole("button", { name: "Save and continue" }).click();
    await w.app.getByText("1 of 3 steps done").waitFor();

    // Step 2 and 3: the starter reward, and the widget confirmed after the theme editor deep link.
    const themeLink = await w.app.getByRole("link", { name: "Open the theme editor" }).getAttribute("href");
    expect(themeLink).toBe(`https://${shop}/admin/themes/current/editor?context=apps&activateAppId=tally-rewards-dev/rewards-launcher`);
    await w.app.getByRole("button", { name: "Add the starter reward" }).click();
    await w.app.getByText("2 of 3 steps done").waitFor();
    await w.app.getByRole("button", { name: "I turned it on" }).click();
    await w.app.getByRole("heading", { level: 1, name: "Loyalty dashboard" }).waitFor();
    expect(w.problems).toEqual([]);
  });

  // The shell passes the app path but not a query string, so tabs are opened by clicking them.
  const pages: Array<{ name: string; path: string; title: string; tab?: string }> = [
    { name: "dashboard", path: "", title: "Loyalty dashboard" },
    { name: "program", path: "program", title: "Program" },
    { name: "rewards", path: "rewards", title: "Rewards" },
    { name: "reward-new", path: "rewards/new", title: "New reward" },
    { name: "tiers", path: "tiers", title: "VIP tiers" },
    { name: "campaigns", path: "campaigns", title: "Campaigns" },
    { name: "surprise-points", path: "surprise", title: "Surprise points" },
    { name: "customers", path: "customers", title: "Customers" },
    { name: "activity", path: "activity", title: "Activity" },
    { name: "activity-webhooks", path: "activity", title: "Activity", tab: "Shopify events" },
    { name: "activity-audit", path: "activity", title: "Activity", tab: "Staff audit log" },
    { name: "settings", path: "settings", title: "Settings" },
  ];
  for (const p of pages) {
    it(`renders ${p.name} without errors, failed requests or serious accessibility violations`, async () => {
      const w = await newWatchedPage();
      await openAdminPage(w, env.standin.adminUrl(shop, p.path), p.title);
      if (p.tab) {
        await w.app.getByRole("tab", { name: p.tab }).click();
        await w.app.getByRole("tab", { name: p.tab, selected: true }).waitFor();
        await w.page.waitForLoadState("networkidle");
      }
      await w.page.screenshot({ path: path.join(SCREENSHOT_DIR, `${p.name}.png`), fullPage: true });
      expect(await seriousViolations(w.page)).toEqual([]);
      expect(w.problems).toEqual([]);
    });
  }

  it("creates a reward with its options and deactivates it after confirmation", async () => {
    const w = await newWatchedPage();
    await openAdminPage(w, env.standin.adminUrl(shop, "rewards/new"), "New reward");
    await w.app.getByLabel("Title").fill("Ten percent off");
    await w.app.getByLabel("Type").selectOption("percentage");
    await w.app.getByLabel("Percentage off").fill("150");
    await w.app.getByLabel("Points cost").fill("800");
    await w.app.getByRole("button", { name: "Save", exact: true }).first().click();
    // Out of range: the server names the field and the form keeps what was typed.
    await w.app.getByText(/config.percentage/).waitFor();
    await expect(w.app.getByLabel("Title").inputValue()).resolves.toBe("Ten percent off");
    await w.app.getByLabel("Percentage off").fill("10");
    await w.app.getByLabel("Limit per customer").fill("1");
    await w.app.getByLabel("Limit period").selectOption("month");
    await w.app.getByRole("button", { name: "Save", exact: true }).first().click();
    await w.app.getByRole("heading", { level: 1, name: "Rewards" }).waitFor();
    const row = w.app.getByRole("row", { name: /Ten percent off/ });
    await row.getByText("Percentage off").waitFor();
    await expect(row.getByText("Active", { exact: true }).isVisible()).resolves.toBe(true);

    await row.getByRole("button", { name: "Deactivate Ten percent off" }).click();
    const saved = w.page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/app/rewards"));
    await w.app.getByRole("dialog").getByRole("button", { name: "Deactivate" }).click();
    expect((await saved).status()).toBe(200);
    await row.getByText("Inactive").waitFor();
    // A fresh load of the list shows the stored state, not the optimistic one.
    await openAdminPage(w, env.standin.adminUrl(shop, "rewards"), "Rewards");
    await w.app.getByRole("row", { name: /Ten percent off/ }).getByText("Inactive").waitFor();
    await w.app.getByRole("row", { name: /Ten percent off/ }).getByRole("button", { name: "Activate Ten percent off" }).waitFor();
    expect(w.problems).toEqual([]);
  });

  it("shows an order's member and points on the dashboard and the customer page (earn rate 2 per 1.00)", async () => {
    const customer = await env.standin.createCustomer(shop, { email: "grace@example.com", firstName: "Grace", lastName: "Hopper" });
    const variant = env.standin.state.shop(shop).products.find((p) => p.title === "Cedar Candle")!.variants[0]!;
    await env.standin.placeOrder(shop, { customerId: customer.id.toString(), lines: [{ variantId: variant.id.toString(), quantity: 2 }] });
    await env.standin.webhooks.settle();
    const expected = Number((variant.priceMinor * 2n * 2n) / 100n); // 2 points per 1.00 of subtotal

    const w = await newWatchedPage();
    // The worker applies the webhook asynchronously: reload the dashboard until the figure shows.
    await eventually(async () => {
      await openAdminPage(w, env.standin.adminUrl(shop), "Loyalty dashboard");
      const issued = await w.app.getByRole("heading", { name: "Stars issued", exact: true }).locator("..").locator("p").first().textContent();
      return issued === String(expected);
    }, 30_000);
    const members = await w.app.getByRole("heading", { name: "Members", exact: true }).locator("..").locator("p").first().textContent();
    expect(members).toBe("1");
    // Once the page is interactive, Polaris Viz draws the charts (the server sent plain SVG).
    await w.app.locator('[data-chart="polaris-viz"] svg').first().waitFor({ timeout: 15_000 });

    await openAdminPage(w, env.standin.adminUrl(shop, "customers"), "Customers");
    await w.app.getByLabel("Search members").fill("grace@");
    await w.app.getByRole("button", { name: "Search" }).click();
    await w.app.getByRole("row", { name: /grace@example\.com/ }).getByRole("link").click();
    await w.app.getByRole("heading", { name: "Points history" }).waitFor();
    const balance = await w.app.getByRole("heading", { name: "Balance", exact: true }).locator("..").locator("p").first().textContent();
    expect(balance).toBe(String(expected));
    await expect(w.app.getByRole("cell", { name: "Earned" }).first().isVisible()).resolves.toBe(true);
    await w.page.screenshot({ path: path.join(SCREENSHOT_DIR, "customer.png"), fullPage: true });
    expect(await seriousViolations(w.page)).toEqual([]);

    // Goodwill reward issued by staff (no points spent), then voided after confirmation.
    await w.app.getByRole("button", { name: "Issue reward" }).click();
    await w.app.getByText("Reward issued").waitFor();
    const code = w.app.getByRole("button", { name: /^Void code / });
    await code.click();
    await w.app.getByRole("dialog").getByRole("button", { name: "Void" }).click();
    await w.app.getByText("Code voided").waitFor();
    await w.app.getByText("Voided", { exact: true }).waitFor();
    const after = await w.app.getByRole("heading", { name: "Balance", exact: true }).locator("..").locator("p").first().textContent();
    expect(after).toBe(String(expected));
    expect(w.problems).toEqual([]);
  });

  it("lists a failed Shopify event with its reason and queues it again on retry", async () => {
    // Mark an applied delivery failed, as the worker does after its last attempt.
    const sqlite = new Database(path.join(env.app.dataDir, "tally.sqlite"));
    try {
      const row = sqlite.prepare("SELECT id, topic FROM WebhookDelivery WHERE shopDomain = ? AND status = 'processed' LIMIT 1").get(shop) as { id: string; topic: string };
      sqlite.prepare("UPDATE WebhookDelivery SET status = 'failed', attempts = 5, lastError = ? WHERE id = ?").run("Simulated: payload rejected", row.id);
      const w = await newWatchedPage();
      await openAdminPage(w, env.standin.adminUrl(shop, "activity"), "Activity");
      await w.app.getByRole("tab", { name: "Shopify events" }).click();
      await w.app.getByRole("button", { name: "Failed only" }).click();
      await w.app.getByText("Simulated: payload rejected").waitFor();
      await w.app.getByText(/1 events from Shopify could not be applied/).waitFor();
      await w.app.getByRole("button", { name: `Retry ${row.topic}` }).click();
      await w.app.getByText("The event is queued again").waitFor();
      const status = () => (sqlite.prepare("SELECT status FROM WebhookDelivery WHERE id = ?").get(row.id) as { status: string }).status;
      // Re-applying an applied order is a no-op (business keys), so it ends processed again.
      await eventually(async () => status() === "processed", 15_000);
      expect(w.problems).toEqual([]);
    } finally {
      sqlite.close();
    }
  });

  it("shows the contextual save bar while the program form has changes, discards and saves", async () => {
    const w = await newWatchedPage();
    await openAdminPage(w, env.standin.adminUrl(shop, "program"), "Program");
    const bar = w.app.locator("ui-save-bar");
    await expect(bar.getAttribute("data-shown")).resolves.toBeNull();
    const bonus = w.app.getByLabel("Sign-up bonus (points)");
    await expect(bonus.inputValue()).resolves.toBe("0");
    await bonus.fill("150");
    await w.app.locator("ui-save-bar[data-shown]").waitFor();
    await bar.getByRole("button", { name: "Discard" }).click();
    await expect(bonus.inputValue()).resolves.toBe("0");
    await expect(bar.getAttribute("data-shown")).resolves.toBeNull();

    // A refused value keeps everything typed; a valid one saves and hides the bar.
    await bonus.fill("-5");
    await bar.getByRole("button", { name: "Save" }).click();
    await w.app.getByText("Fix these fields and save again:").waitFor();
    await expect(bonus.inputValue()).resolves.toBe("-5");
    await bonus.fill("150");
    await bar.getByRole("button", { name: "Save" }).click();
    await w.app.locator("ui-save-bar:not([data-shown])").waitFor({ state: "attached" });
    await openAdminPage(w, env.standin.adminUrl(shop, "program"), "Program");
    await expect(w.app.getByLabel("Sign-up bonus (points)").inputValue()).resolves.toBe("150");
    await expect(w.app.getByLabel("Points earned").inputValue()).resolves.toBe("2");
    expect(w.problems).toEqual([]);
  });
});
