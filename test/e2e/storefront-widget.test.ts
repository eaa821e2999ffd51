// The storefront widget in Chromium on the stand-in storefront, against the real app: a guest sees
// the offer and sign-in links; a member sees the balance, redeems a reward, applies the code at
// checkout, places the order and sees the points update; keyboard only; Arabic is right-to-left.
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../../app/db/client";
import { createReward } from "../../app/services/rewards/catalog.server";
import { saveTierProgram } from "../../app/services/program/tier-program.server";
import { launchChromium } from "../support/browser";
import { type AppWithStandin, eventually, installApp, startAppWithStandin } from "../support/app-with-standin";

let env: AppWithStandin;
let browser: Browser;
let appDb: DbHandle;
let shop: string;

beforeAll(async () => {
  env = await startAppWithStandin();
  shop = env.standin.createShop({ name: "Widget Shop" }).domain;
  await installApp(env, shop);
  appDb = createDb({ provider: "sqlite", file: path.join(env.app.dataDir, "tally.sqlite") });
  const dbShop = await appDb.db.shop.findUniqueOrThrow({ where: { domain: shop } });
  await createReward(appDb.db, dbShop.id, { title: "$5 off", type: "fixed_amount", pointsCost: 50, config: { amount: "5.00" } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await appDb?.close();
  await env?.stop();
});

async function open(as: string, query = ""): Promise<{ page: Page; problems: string[] }> {
  // A context per shopper: its own cookies (cart, signed-in customer), and what axe needs.
  const page = await (await browser.newContext()).newPage();
  const problems: string[] = [];
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${env.standin.storefrontUrl(shop, as)}${query}`);
  return { page, problems };
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).include("#tally-rewards").analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`);
}

describe("storefront widget", () => {
  it("shows a guest the program and the theme's sign-in links, keyboard only, and returns focus on Escape", async () => {
    const { page, problems } = await open("guest");
    const launcher = page.getByRole("button", { name: "Rewards" });
    await launcher.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Rewards" });
    await dialog.getByText("Join our rewards program").waitFor();
    expect(await dialog.getByRole("link", { name: "Sign in" }).getAttribute("href")).toBe("/account/login");
    expect(await dialog.getByRole("link", { name: "Create an account" }).getAttribute("href")).toBe("/account/register");
    // Focus stays in the panel: Tab from the last control goes back to the first.
    for (let i = 0; i < 6; i++) await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.closest("[role=dialog]") !== null)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");
    expect(await dialog.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.hasAttribute("data-tally-launcher"))).toBe(true);
    expect(problems).toEqual([]);
  });

  it("lets a member redeem, apply the code at checkout and see the points move", async () => {
    const customer = await env.standin.createCustomer(shop, { email: "ada@example.com", firstName: "Ada" });
    const candle = env.standin.state.shop(shop).products.find((p) => p.title === "Cedar Candle")!.variants[0]!;
    await env.standin.placeOrder(shop, { customerId: customer.id.toString(), lines: [{ variantId: candle.id.toString(), quantity: 2 }] });
    await env.standin.webhooks.settle();
    const { page, problems } = await open(customer.id.toString());
    await eventually(async () => {
      await page.getByRole("button", { name: "Rewards" }).click();
      const text = await page.getByRole("dialog").locator("[data-tally-balance]").textContent({ timeout: 2000 }).catch(() => null);
      if (text !== "64 points") await page.keyboard.press("Escape");
      return text === "64 points";
    });
    const dialog = page.getByRole("dialog");
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Redeem: $5 off" }).click();
    await dialog.getByRole("button", { name: "Confirm" }).click();
    const code = (await dialog.locator("[data-tally-code]").first().textContent({ timeout: 10_000 }))!;
    expect(code).toMatch(/^TALLY-/);
    await expect(dialog.locator("[data-tally-balance]").textContent()).resolves.toBe("14 points");
    expect(env.standin.findDiscountCode(shop, code)).toMatchObject({ customerIds: [customer.id] });

    // Put something in the cart, then "Apply to cart" (Shopify's /discount/<code> link).
    await page.goto(`${env.standin.url}/storefront`);
    await page.locator("form[action='/cart/add']").first().getByRole("button").click();
    await page.goto(`${env.standin.url}/storefront`);
    await page.getByRole("button", { name: "Rewards" }).click();
    await page.getByRole("dialog").getByText(code).waitFor();
    await page.goto(`${env.standin.url}/discount/${code}?redirect=/cart`);
    await expect(page.locator("p.discount").textContent()).resolves.toContain(code);
    await page.getByRole("button", { name: "Place order" }).click();
    await page.getByText(/Order #\d+ is confirmed/).waitFor();
    await env.standin.webhooks.settle();
    // The order used the code (consumed) and earned 8 − 5 → 3 points: 14 + 3 = 17.
    const me = await eventually(async () => {
      const res = await page.request.get(`${env.standin.url}/apps/tally/me`);
      const body = (await res.json()) as { member: { balance: number }; redemptions: Array<{ code: string; status: string }> };
      // orders/create consumes the code and orders/paid earns the points: both applied, in either order.
      return body.redemptions.find((r) => r.code === code)?.status === "consumed" && body.member.balance === 17 ? body : undefined;
    });
    expect(me.member.balance).toBe(17);
    expect(problems).toEqual([]);
  });

  it("shows a VIP member their tier, what is left to the next one, and the tier's perks", async () => {
    const dbShop = await appDb.db.shop.findUniqueOrThrow({ where: { domain: shop } });
    await saveTierProgram(
      appDb.db,
      dbShop.id,
      {
        enabled: true,
        metric: "points",
        window: "lifetime",
        tiers: [
          { name: "Bronze", threshold: 0 },
          { name: "Silver", threshold: 100, perks: { displayPerks: ["Early access to sales"] } },
          { name: "Gold", threshold: 300, perks: { earnMultiplier: "1.5" } },
        ],
      },
      "e2e-staff",
    );
    const customer = await env.standin.createCustomer(shop, { email: "vip@example.com", firstName: "Vip" });
    const candle = env.standin.state.shop(shop).products.find((p) => p.title === "Cedar Candle")!.variants[0]!;
    // 4 × 32.00 = 128 points: Silver, 172 short of Gold.
    await env.standin.placeOrder(shop, { customerId: customer.id.toString(), lines: [{ variantId: candle.id.toString(), quantity: 4 }] });
    await env.standin.webhooks.settle();
    const { page, problems } = await open(customer.id.toString());
    const dialog = page.getByRole("dialog");
    await eventually(async () => {
      await page.getByRole("button", { name: "Rewards" }).click();
      const badge = await dialog.locator(".tally-badge").textContent({ timeout: 2000 }).catch(() => null);
      if (badge !== "Silver") await page.keyboard.press("Escape");
      return badge === "Silver";
    });
    const bar = dialog.getByRole("progressbar", { name: "172 points to reach Gold" });
    expect(await bar.getAttribute("aria-valuenow")).toBe("128");
    expect(await bar.getAttribute("aria-valuemax")).toBe("300");
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("renders right-to-left in Arabic", async () => {
    const { page } = await open("guest", "&locale=ar");
    await page.getByRole("button", { name: "المكافآت" }).click();
    await page.getByRole("dialog").waitFor();
    expect(await page.locator("#tally-rewards").getAttribute("dir")).toBe("rtl");
  });
});
