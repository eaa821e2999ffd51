// The storefront widget in Chromium, on pages from the pure renderer, served by a tiny local
// server with a FAKE storefront API (contract-shaped answers from ./fixtures; the real app is
// exercised in test/e2e/storefront-widget.test.ts). Keyboard only where a shopper could be.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { extensionAssetPath, renderStorefrontPage } from "../../standin/storefront/render";
import { launchChromium } from "../../support/browser";
import { earnRule, member, meResponse, product, programResponse, shop, type StorefrontRedemption } from "./fixtures";

type Seen = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };
let server: http.Server;
let base: string;
let browser: Browser;
let seen: Seen[] = [];
/** Answers the fake API gives to the next POST /apps/tally/redemptions calls, in order. */
let redeemAnswers: Array<{ status: number; body: unknown }> = [];
/** Answers the fake API gives to the next POST /apps/tally/birthday calls, in order. */
let birthdayAnswers: Array<{ status: number; body: unknown }> = [];
type Birthday = (typeof meResponse)["member"]["birthday"];
/** The fake member's state: balance and redemptions change when a redemption succeeds. */
type Account = { balance: number; redemptions: StorefrontRedemption[]; birthday: Birthday; followed: string[] };
const freshAccount = (): Account => ({ balance: meResponse.member.balance, redemptions: [...meResponse.redemptions], birthday: null, followed: [] });
let account: Account = freshAccount();

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer) {
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
  res.end(body);
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? "/", "http://local");
  let body = "";
  for await (const chunk of req) body += chunk;
  seen.push({ method: req.method ?? "GET", path: url.pathname + url.search, headers: req.headers, body });
  const signedIn = /(?:^|;\s*)as=member/.test(req.headers.cookie ?? "");

  if (url.pathname.startsWith("/extensions/assets/")) {
    const file = extensionAssetPath(url.pathname.slice("/extensions/assets/".length));
    if (!file) return send(res, 404, "text/plain", "not found");
    return send(res, 200, file.endsWith(".js") ? "text/javascript" : "text/css", fs.readFileSync(file));
  }
  if (url.pathname.startsWith("/apps/tally/")) {
    const json = (status: number, value: unknown) => send(res, status, "application/json", JSON.stringify(value));
    const route = `${req.method} ${url.pathname.slice("/apps/tally".length)}`;
    if (route === "GET /program") return json(200, programResponse);
    if (!signedIn) return json(401, { error: { code: "not_signed_in", message: "Sign in" } });
    if (route === "GET /me") {
      const affordableRewardIds = programResponse.rewards
        .filter((r) => !r.minimumTier && (meResponse.freeRewardIds.includes(r.id) || (r.variable ? r.variable.minPoints : r.pointsCost) <= account.balance))
        .map((r) => r.id);
      return json(200, { ...meResponse, member: { ...meResponse.member, balance: account.balance, birthday: account.birthday }, affordableRewardIds, redemptions: account.redemptions });
    }
    if (route === "POST /birthday") {
      const next = birthdayAnswers.shift();
      if (next) return json(next.status, next.body);
      // As app/loyalty/birthday.ts: 29 February exists, 31 April does not.
      const { month, day, year } = JSON.parse(body) as { month: number; day: number; year?: number };
      if (day > new Date(Date.UTC(year ?? 2000, month, 0)).getUTCDate()) {
        return json(422, { error: { code: "invalid_birthday", message: "Invalid birthday: day too large", details: { fieldErrors: { day: "must be at most 30" } } } });
      }
      account.birthday = { month, day, year: year ?? null, changeableFrom: "2027-11-23T09:00:00.000Z" };
      return json(200, { birthday: account.birthday });
    }
    if (route === "POST /actions/social_follow") {
      const { network } = JSON.parse(body) as { network: string };
      const way = programResponse.waysToEarn.find((w) => w.id === `social_follow:${network}`);
      const action = way && "action" in way ? way.action : undefined;
      if (!way || !action || action.type !== "social_follow") return json(404, { error: { code: "action_not_available", message: "No" } });
      if (account.followed.includes(network)) return json(409, { error: { code: "limit_reached", message: "Already earned" } });
      account.followed.push(network);
      account.balance += way.points;
      return json(201, { points: way.points, balance: account.balance, url: action.url });
    }
    if (route === "POST /redemptions") {
      const next = redeemAnswers.shift();
      if (next) return json(next.status, next.body);
      const { rewardId, amount } = JSON.parse(body) as { rewardId: string; amount?: number };
      const reward = programResponse.rewards.find((r) => r.id === rewardId)!;
      // The variable reward is store credit: no code, the value goes to the customer's account.
      const credit = reward.variable && amount !== undefined;
      const redemption: StorefrontRedemption = credit
        ? { id: "red-credit", rewardId, title: reward.title, status: "consumed", code: null, valueLabel: `${amount / 100}.00 USD`, pointsCost: amount, expiresAt: null, createdAt: new Date().toISOString() }
        : { id: "red-new", rewardId, title: reward.title, status: "issued", code: "TALLY-NEW22-CCCCC", valueLabel: reward.valueLabel, pointsCost: reward.pointsCost, expiresAt: "2027-02-28T00:00:00.000Z", createdAt: new Date().toISOString() };
      account = { ...account, balance: account.balance - (credit ? amount : reward.pointsCost), redemptions: [redemption, ...account.redemptions] };
      return json(201, { redemption, balance: account.balance });
    }
    return json(404, { error: { code: "not_found", message: "No route" } });
  }
  if (url.pathname === "/discount/TALLY-NEW22-CCCCC") return send(res, 200, "text/html", "<!doctype html><title>Cart</title><h1>Discount applied</h1>");

  const who = url.searchParams.get("as") === "member" ? "member" : "guest";
  const page = url.pathname === "/pages/rewards" ? "rewards" : url.pathname.startsWith("/products/") ? "product" : "home";
  const html = await renderStorefrontPage({
    shop,
    customer: who === "member" ? member : null,
    page,
    product: page === "product" ? product : undefined,
    locale: url.searchParams.get("locale") ?? "en",
    assetBaseUrl: "/extensions/assets",
    appMetafields: { tally: { program: earnRule() } },
  });
  res.setHeader("Set-Cookie", `as=${who}; Path=/`);
  return send(res, 200, "text/html; charset=utf-8", html);
}

beforeAll(async () => {
  server = http.createServer((req, res) => void handle(req, res).catch((e: Error) => send(res, 500, "text/plain", e.stack ?? String(e))));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});
beforeEach(() => {
  seen = [];
  redeemAnswers = [];
  birthdayAnswers = [];
  account = freshAccount();
});

async function visit(path: string): Promise<{ page: Page; problems: string[] }> {
  // Dates are shown in the shopper's time zone: UTC here, so the expected texts are fixed.
  const page = await (await browser.newContext({ timezoneId: "UTC" })).newPage();
  const problems: string[] = [];
  // Chromium logs every 4xx/5xx answer; those the fake gives on purpose are not script errors.
  page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(base + path);
  await page.waitForLoadState("load");
  return { page, problems };
}
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { inDialog: !!el?.closest("[role=dialog]"), launcher: el?.hasAttribute("data-tally-launcher") ?? false, text: el?.textContent?.trim() ?? "" };
  });
async function seriousViolations(page: Page, selector: string) {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`);
}
const assetRequests = () => seen.filter((s) => s.path.startsWith("/extensions/assets/")).map((s) => s.path.split("/").pop());

describe("storefront widget in Chromium", () => {
  it("loads only the tiny launcher before interaction, without layout shift, and the panel on intent", async () => {
    const { page, problems } = await visit("/?as=guest");
    await page.waitForTimeout(300);
    expect(assetRequests()).toEqual(["tally-launcher.js"]);
    expect(seen.some((s) => s.path.startsWith("/apps/tally"))).toBe(false);
    const shift = await page.evaluate(
      () => new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) total += (entry as unknown as { value: number }).value;
        }).observe({ type: "layout-shift", buffered: true });
        setTimeout(() => resolve(total), 200);
      }),
    );
    expect(shift).toBe(0);
    const position = await page.locator("#tally-rewards").evaluate((el) => getComputedStyle(el).position);
    expect(position).toBe("fixed");
    await page.getByRole("button", { name: "Rewards" }).hover();
    await expect.poll(() => assetRequests().sort()).toEqual(["tally-launcher.js", "tally-panel.js", "tally.css"]);
    expect(await page.getByRole("dialog").count()).toBe(0); // prefetched, not opened
    expect(problems).toEqual([]);
  });

  it("lets a guest open the panel with the keyboard, keeps focus inside, closes on Escape and returns focus", async () => {
    const { page, problems } = await visit("/?as=guest");
    for (let i = 0; i < 5 && !(await focused(page)).launcher; i++) await page.keyboard.press("Tab");
    expect((await focused(page)).launcher).toBe(true);
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Rewards" });
    await dialog.getByText("Join our rewards program and earn on every order.").waitFor();
    expect(await dialog.getAttribute("aria-modal")).toBe("true");
    expect(await page.getByRole("button", { name: "Rewards" }).getAttribute("aria-expanded")).toBe("true");
    expect(await focused(page)).toMatchObject({ inDialog: true, text: "×" });
    expect(await dialog.getByRole("link", { name: "Sign in" }).getAttribute("href")).toBe("/account/login");
    expect(await dialog.getByRole("link", { name: "Create an account" }).getAttribute("href")).toBe("/account/register");
    expect(await dialog.getByRole("button", { name: /^Redeem/ }).count()).toBe(0); // guests see rewards, not redeem buttons
    await dialog.getByText("Gold gift").waitFor();

    // Tab runs through the dialog's controls and wraps; Shift+Tab from the first goes to the last.
    const stops: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Tab");
      const f = await focused(page);
      expect(f.inDialog).toBe(true);
      stops.push(f.text);
    }
    expect(stops).toEqual(["Create an account", "Sign in", "×", "Create an account"]);
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    expect(await focused(page)).toMatchObject({ inDialog: true, text: "Sign in" });

    expect(await seriousViolations(page, "#tally-rewards")).toEqual([]);
    await page.keyboard.press("Escape");
    expect(await dialog.count()).toBe(0);
    expect((await focused(page)).launcher).toBe(true);
    expect(await page.getByRole("button", { name: "Rewards" }).getAttribute("aria-expanded")).toBe("false");
    expect(seen.filter((s) => s.path === "/apps/tally/me")).toEqual([]); // a guest's panel does not ask for /me
    expect(problems).toEqual([]);
  });

  it("shows a member their balance, tier, progress, codes and history, and redeems with an idempotency key", async () => {
    const { page, problems } = await visit("/?as=member");
    await page.getByRole("button", { name: "Rewards" }).focus();
    await page.keyboard.press("Space");
    const dialog = page.getByRole("dialog", { name: "Rewards" });
    await expect.poll(() => dialog.locator("[data-tally-balance]").textContent()).toBe("640 points");
    await dialog.getByText("120 points pending").waitFor();
    await dialog.getByText("Points from recent orders become available once the return window closes.").waitFor();
    await dialog.getByText("40 points expire on May 1, 2027").waitFor(); // member.nextExpiry
    expect(await dialog.locator(".tally-badge").textContent()).toBe("Silver");
    const tierBar = dialog.getByRole("progressbar", { name: "860 points to reach Gold" });
    expect(await tierBar.getAttribute("aria-valuenow")).toBe("1140");
    expect(await tierBar.getAttribute("aria-valuemax")).toBe("2000");
    expect(await dialog.getByRole("progressbar", { name: "560 points to go for 15% off" }).getAttribute("aria-valuenow")).toBe("640");
    await dialog.getByText("TALLY-OLD11-AAAAA").waitFor();
    expect(await dialog.getByText("TALLY-USED0-BBBBB").count()).toBe(0); // used codes are not offered
    await dialog.getByText("Order #1001").waitFor();
    expect(await dialog.getByRole("button", { name: "Redeem: 15% off" }).isDisabled()).toBe(true);
    expect(await dialog.getByRole("button", { name: "Redeem: Gold gift" }).isDisabled()).toBe(true);
    await dialog.getByText("For Gold members").waitFor();
    // The tier's free-shipping perk: 800 points for others, free for this Silver member.
    await dialog.getByText("Free for Silver members").waitFor();
    expect(await dialog.getByRole("button", { name: "Redeem: Free shipping" }).isDisabled()).toBe(false);
    expect(await seriousViolations(page, "#tally-rewards")).toEqual([]);

    // Confirm step, keyboard only; Shopify is down the first time: friendly text, nothing spent.
    redeemAnswers = [{ status: 502, body: { error: { code: "shopify_unavailable", message: "Upstream failed" } } }];
    await dialog.getByRole("button", { name: "Redeem: $5 off" }).focus();
    await page.keyboard.press("Enter");
    await dialog.getByText("Use 500 points for $5 off?").waitFor();
    expect((await focused(page)).text).toBe("Confirm");
    await page.keyboard.press("Enter");
    await dialog.getByRole("alert").getByText("We couldn't create your reward. Your points were not spent.").waitFor();
    expect(await dialog.getByText("Upstream failed").count()).toBe(0);
    // The retry of the same confirmation sends the same key: it cannot redeem twice.
    await dialog.getByRole("button", { name: "Confirm" }).click();
    const code = dialog.locator("[data-tally-code]");
    await expect.poll(() => code.textContent()).toBe("TALLY-NEW22-CCCCC");
    const posts = seen.filter((s) => s.method === "POST" && s.path === "/apps/tally/redemptions");
    expect(posts).toHaveLength(2);
    const keys = posts.map((p) => p.headers["idempotency-key"]);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(JSON.parse(posts[0]!.body)).toEqual({ rewardId: "r-five" });
    expect(seen.some((s) => s.path.includes(member.id) || s.body.includes(member.id))).toBe(false); // never a customer id
    expect(await dialog.getByRole("link", { name: "Apply to cart" }).first().getAttribute("href")).toBe("/discount/TALLY-NEW22-CCCCC?redirect=/cart");
    expect(await dialog.locator("[data-tally-balance]").textContent()).toBe("140 points");
    expect((await focused(page)).text).toBe("Copy code");
    // /me is read again: the new code joins the unused codes, the balance stays the server's.
    await expect.poll(() => dialog.locator("[data-tally-codes]").getByText("TALLY-NEW22-CCCCC").count()).toBe(1);
    expect(await dialog.locator("[data-tally-balance]").textContent()).toBe("140 points");

    // A new confirmation gets a new key; a refusal is explained in the shopper's terms.
    redeemAnswers = [{ status: 409, body: { error: { code: "limit_reached", message: "Limit" } } }];
    await dialog.getByRole("button", { name: "Redeem: Store credit" }).click();
    const amount = dialog.getByRole("spinbutton", { name: "Points to use" });
    expect(await amount.getAttribute("max")).toBe("140"); // the balance left after $5 off
    await amount.fill("100");
    await dialog.getByText("Use 100 points for Store credit?").waitFor();
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await dialog.getByText("You've reached the limit for this reward.").waitFor();
    const third = seen.filter((s) => s.method === "POST").at(-1)!;
    expect(third.headers["idempotency-key"]).not.toBe(keys[0]);
    expect(JSON.parse(third.body)).toEqual({ rewardId: "r-credit", amount: 100 });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect((await focused(page)).text).toBe("Redeem");

    await page.keyboard.press("Escape");
    expect((await focused(page)).launcher).toBe(true);
    await page.goto(`${base}/discount/TALLY-NEW22-CCCCC?redirect=/cart`);
    await page.getByText("Discount applied").waitFor();
    expect(problems).toEqual([]);
  });

  it("gives store credit without a code and refreshes what the member can afford", async () => {
    const { page, problems } = await visit("/?as=member");
    await page.getByRole("button", { name: "Rewards" }).click();
    const dialog = page.getByRole("dialog", { name: "Rewards" });
    await expect.poll(() => dialog.getByRole("button", { name: "Redeem: $5 off" }).isEnabled()).toBe(true);
    await dialog.getByRole("button", { name: "Redeem: Store credit" }).click();
    const amount = dialog.getByRole("spinbutton", { name: "Points to use" });
    expect(await amount.getAttribute("max")).toBe("640"); // no more than the balance
    await amount.fill("250"); // not a whole step of 100: the browser says so, nothing is sent
    await dialog.getByRole("button", { name: "Confirm" }).click();
    expect(seen.filter((s) => s.method === "POST")).toHaveLength(0);
    await amount.fill("300");
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await dialog.getByText("3.00 USD was added to your store credit.").waitFor();
    expect(await dialog.locator("[data-tally-code]").count()).toBe(0);
    await expect.poll(() => dialog.locator("[data-tally-balance]").textContent()).toBe("340 points");
    // 340 points no longer buy $5 off (500): the list follows the server's answer.
    await expect.poll(() => dialog.getByRole("button", { name: "Redeem: $5 off" }).isDisabled()).toBe(true);
    await dialog.getByText("160 points more needed").waitFor();
    expect(problems).toEqual([]);
  });

  it("says the reward is being confirmed when the server answers 202 pending, not that it was credited", async () => {
    const pending: StorefrontRedemption = {
      id: "red-pending", rewardId: programResponse.rewards.find((r) => r.title === "$5 off")!.id, title: "$5 off", status: "pending", code: null, valueLabel: "$5 off",
      pointsCost: 500, expiresAt: null, createdAt: new Date().toISOString(),
    };
    redeemAnswers = [{ status: 202, body: { redemption: pending, balance: 140, message: "We are confirming your reward with the store." } }];
    const { page, problems } = await visit("/?as=member");
    await page.getByRole("button", { name: "Rewards" }).click();
    const dialog = page.getByRole("dialog", { name: "Rewards" });
    await expect.poll(() => dialog.getByRole("button", { name: "Redeem: $5 off" }).isEnabled()).toBe(true);
    await dialog.getByRole("button", { name: "Redeem: $5 off" }).click();
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await dialog.getByText(/We are confirming your reward with the store/).waitFor();
    expect(await dialog.getByText(/added to your store credit/).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it("renders right-to-left in Arabic with Arabic texts", async () => {
    const { page, problems } = await visit("/?as=guest&locale=ar");
    await page.getByRole("button", { name: "المكافآت" }).click();
    const dialog = page.getByRole("dialog", { name: "المكافآت" });
    await dialog.getByRole("link", { name: "تسجيل الدخول" }).waitFor();
    expect(await page.locator("#tally-rewards").getAttribute("dir")).toBe("rtl");
    expect(await dialog.evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");
    expect(await seriousViolations(page, "#tally-rewards")).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("fills the rewards page with the program and the member's status, and opens the panel from it", async () => {
    const { page, problems } = await visit("/pages/rewards?as=member");
    const section = page.locator("[data-tally-page]");
    await section.getByText("Welcome back, Ada!").waitFor();
    await section.getByText("Create an account", { exact: true }).waitFor(); // a way to earn, from /program
    await section.getByText("Earn 25% more · Free shipping").waitFor();
    await expect.poll(() => section.locator("[data-tally-member] [data-tally-balance]").textContent()).toBe("640 points");
    expect(await seriousViolations(page, "[data-tally-page]")).toEqual([]);
    const open = section.getByRole("button", { name: "Open my rewards" });
    await open.click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("TALLY-OLD11-AAAAA").waitFor();
    await page.keyboard.press("Escape");
    expect(await dialog.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Open my rewards");
    // The page block and the embed both include the launcher script; it sets up once.
    expect(await page.locator("script[src$='tally-launcher.js']").count()).toBe(2);
    await page.getByRole("button", { name: "Rewards", exact: true }).click();
    await dialog.getByText("TALLY-OLD11-AAAAA").waitFor({ timeout: 5000 });
    await page.waitForTimeout(200);
    expect(await dialog.count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it("updates the product's points when the shopper picks another variant", async () => {
    const { page, problems } = await visit(`/products/${product.handle}?as=guest`);
    const points = page.locator("[data-tally-product-points]");
    expect(await points.textContent()).toBe("Earn 65 Bath Bucks with this purchase");
    await page.getByLabel("Variant").selectOption(product.variants[1]!.id);
    await expect.poll(() => points.textContent()).toBe("Earn 119 Bath Bucks with this purchase");
    expect(problems).toEqual([]);
  });
});

describe("storefront widget in Chromium: birthday, referral link, earning actions", () => {
  async function memberPanel() {
    const { page, problems } = await visit("/?as=member");
    await page.getByRole("button", { name: "Rewards" }).click();
    const dialog = page.getByRole("dialog", { name: "Rewards" });
    await expect.poll(() => dialog.locator("[data-tally-balance]").textContent()).toBe("640 points");
    return { page, problems, dialog };
  }
  const posts = (path: string) => seen.filter((s) => s.method === "POST" && s.path === `/apps/tally${path}`);

  it("records a birthday from month and day selects, shows field errors next to the field, then the saved date", async () => {
    const { page, problems, dialog } = await memberPanel();
    const section = dialog.locator("[data-tally-birthday]");
    await section.getByRole("heading", { name: "Your birthday" }).waitFor();
    await section.getByText("Get 200 points on your birthday").waitFor();
    expect(await seriousViolations(page, "#tally-rewards")).toEqual([]);

    // A month and day are required before anything is sent.
    await section.getByRole("button", { name: "Save" }).click();
    expect(await section.getByLabel("Month").evaluate((el: HTMLSelectElement) => el.validity.valueMissing)).toBe(true);
    expect(posts("/birthday")).toHaveLength(0);
    // 31 April does not exist: the API's field error is shown by the day, which gets the focus.
    await section.getByLabel("Month").selectOption({ label: "April" });
    await section.getByLabel("Day").selectOption("31");
    await section.getByRole("button", { name: "Save" }).click();
    await section.getByText("Please choose a date that exists.").waitFor();
    expect(await section.getByLabel("Day").getAttribute("aria-invalid")).toBe("true");
    expect(await section.getByLabel("Month").getAttribute("aria-invalid")).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("tally-bd-day");
    expect(await section.getByLabel("Day").evaluate((el) => document.getElementById(el.getAttribute("aria-describedby")!)?.textContent)).toBe(
      "Please choose a date that exists.",
    );

    expect(posts("/birthday")).toHaveLength(1);
    await section.getByLabel("Day").selectOption("10");
    await section.getByLabel("Month").selectOption({ label: "March" });
    await section.getByLabel("Year (optional)").fill("1990");
    await page.keyboard.press("Enter"); // submits the form from the year field
    await section.getByText("March 10, 1990").waitFor();
    expect(JSON.parse(posts("/birthday").at(-1)!.body)).toEqual({ month: 3, day: 10, year: 1990 });
    await section.getByText("You can change it from Nov 23, 2027.").waitFor();
    expect(await section.locator("form").count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("March 10, 1990");
    expect(seen.some((s) => s.path.includes(member.id) || s.body.includes(member.id))).toBe(false);

    // Saved: the next opening shows it, without a form.
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Rewards" }).click();
    await dialog.locator("[data-tally-birthday]").getByText("March 10, 1990").waitFor();
    expect(await dialog.locator("[data-tally-birthday] form").count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it("explains birthday_locked when a saved birthday is changed again within the year", async () => {
    account.birthday = { month: 7, day: 4, year: null, changeableFrom: null };
    const { problems, dialog } = await memberPanel();
    const section = dialog.locator("[data-tally-birthday]");
    await section.getByText("July 4").waitFor();
    await section.getByRole("button", { name: "Change" }).click();
    expect(await section.getByLabel("Month").inputValue()).toBe("7"); // the form starts from the saved date
    expect(await section.getByLabel("Day").inputValue()).toBe("4");
    // Changed meanwhile in another tab: the API refuses with its stable code, shown in our words.
    birthdayAnswers = [{ status: 409, body: { error: { code: "birthday_locked", message: "Locked", details: { changeableFrom: "2027-06-01T00:00:00.000Z" } } } }];
    await section.getByLabel("Day").selectOption("5");
    await section.getByRole("button", { name: "Save" }).click();
    await section.getByRole("alert").getByText("You can change your birthday once a year.").waitFor();
    expect(await section.getByText("Locked").count()).toBe(0);
    expect(JSON.parse(posts("/birthday")[0]!.body)).toEqual({ month: 7, day: 5 });
    expect(await section.getByRole("button", { name: "Save" }).isEnabled()).toBe(true);
    expect(problems).toEqual([]);
  });

  it("shows the referral link with what the friend and the advocate get, and copies it", async () => {
    const { page, problems, dialog } = await memberPanel();
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
    const section = dialog.locator("[data-tally-referral]");
    await section.getByRole("heading", { name: "Refer a friend" }).waitFor();
    await section.getByText("You get 300 points when your friend's first order is paid.").waitFor();
    await section.getByText("Your friend gets a welcome discount on their first order.").waitFor();
    expect(await section.locator("[data-tally-link]").textContent()).toBe(meResponse.member.referral.url);
    const copy = section.getByRole("button", { name: "Copy link" });
    await copy.click();
    await section.getByRole("button", { name: "Copied" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(meResponse.member.referral.url);
    expect(problems).toEqual([]);
  });

  it("posts a social follow, opens the network in a new tab, and shows Done whatever the API answers", async () => {
    const { page, problems, dialog } = await memberPanel();
    const context = page.context();
    await context.route("https://instagram.example/**", (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<title>Instagram</title>" }));
    // Email sign-up and reviews are explained, with nothing to click.
    const ways = dialog.locator("li", { hasText: "Subscribe to our emails" }).or(dialog.locator("li", { hasText: "Review a product" }));
    expect(await ways.count()).toBe(2);
    expect(await ways.locator("a, button").count()).toBe(0);

    const follow = dialog.getByRole("link", { name: "Follow: Follow us on Instagram" });
    expect(await follow.getAttribute("target")).toBe("_blank");
    expect(await follow.getAttribute("rel")).toBe("noopener");
    const [tab] = await Promise.all([context.waitForEvent("page"), follow.click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe("https://instagram.example/democandles");
    expect(await tab.evaluate(() => window.opener)).toBeNull();
    await dialog.locator("[data-tally-done=instagram]").getByText("Done").waitFor();
    expect(posts("/actions/social_follow").map((p) => JSON.parse(p.body))).toEqual([{ network: "instagram" }]);
    await expect.poll(() => dialog.locator("[data-tally-balance]").textContent()).toBe("690 points");
    expect(await dialog.getByRole("link", { name: /^Follow:/ }).count()).toBe(0);

    // Opened again: the API says the points were already given (409 limit_reached): still Done.
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Rewards" }).click();
    const again = dialog.getByRole("link", { name: "Follow: Follow us on Instagram" });
    const [second] = await Promise.all([context.waitForEvent("page"), again.click()]);
    await second.waitForLoadState();
    await dialog.locator("[data-tally-done=instagram]").getByText("Done").waitFor();
    expect(posts("/actions/social_follow")).toHaveLength(2);
    expect(await dialog.getByRole("alert").filter({ hasText: /./ }).count()).toBe(0);
    expect(await dialog.locator("[data-tally-balance]").textContent()).toBe("690 points");
    expect(problems).toEqual([]);
  });

  it("shows the member's earning sections in Arabic, right-to-left, with the link kept left-to-right", async () => {
    const { page, problems } = await visit("/?as=member&locale=ar");
    await page.getByRole("button", { name: "المكافآت" }).click();
    const dialog = page.getByRole("dialog", { name: "المكافآت" });
    await dialog.getByRole("heading", { name: "عيد ميلادك" }).waitFor();
    await dialog.getByRole("heading", { name: "ادعُ صديقًا" }).waitFor();
    await dialog.getByRole("link", { name: "متابعة: Follow us on Instagram" }).waitFor();
    expect(await dialog.evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");
    expect(await dialog.locator("[data-tally-link]").evaluate((el) => getComputedStyle(el).direction)).toBe("ltr");
    expect(await dialog.getByLabel("الشهر").locator("option").nth(3).textContent()).toBe("مارس"); // month names from Intl
    expect(await seriousViolations(page, "#tally-rewards")).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("offers no follow button, birthday form or referral link to a guest", async () => {
    const { page, problems } = await visit("/?as=guest");
    await page.getByRole("button", { name: "Rewards" }).click();
    const dialog = page.getByRole("dialog", { name: "Rewards" });
    await dialog.getByText("Follow us on Instagram").waitFor();
    expect(await dialog.locator("[data-tally-follow], [data-tally-birthday], [data-tally-referral]").count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
