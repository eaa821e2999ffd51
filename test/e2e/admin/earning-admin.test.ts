// The ways to earn in the merchant admin, in Chromium inside the stand-in's admin shell: the Program page's
// expiry, pending points, birthday, referrals and other actions; bonus campaigns; surprise points;
// the member's birthday on the customer page. Each page renders without console errors, failed
// requests or serious axe violations.
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppWithStandin, eventually, startAppWithStandin } from "../../support/app-with-standin";
import { launchChromium } from "../../support/browser";
import { openAdminPage, SCREENSHOT_DIR, seriousViolations, type Watched, watch } from "./admin-shell";

let env: AppWithStandin;
let browser: Browser;
let shop: string;

beforeAll(async () => {
  // Cross-site, as Shopify admin frames the app: the browser blocks the frame's storage.
  env = await startAppWithStandin({}, { crossSite: true });
  shop = env.standin.createShop({ name: "Issue Nine Shop" }).domain;
  browser = await launchChromium();
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // The first page load installs the app.
  const w = await newWatchedPage();
  await openAdminPage(w, env.standin.adminUrl(shop), /Tally Rewards|Loyalty dashboard/);
  await w.page.context().close();
});
afterAll(async () => {
  await browser?.close();
  await env?.stop();
});

async function newWatchedPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  return watch(await context.newPage());
}

const appDb = () => new Database(path.join(env.app.dataDir, "tally.sqlite"), { readonly: true });
function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = appDb();
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The inline error Polaris shows under a field: the element the input's aria-describedby names. */
async function fieldError(w: Watched, label: string) {
  const input = w.app.getByLabel(label, { exact: true });
  // The server answers asynchronously: wait until the field is marked invalid.
  await eventually(async () => (await input.getAttribute("aria-invalid")) === "true", 15_000);
  const ids = ((await input.getAttribute("aria-describedby")) ?? "").split(/\s+/).filter((id) => id.endsWith("Error"));
  expect(ids).toHaveLength(1);
  return w.app.locator(`[id="${ids[0]}"]`).textContent();
}

const utcDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe("ways to earn in the merchant admin", () => {
  for (const p of [
    { name: "program-earning", path: "program", title: "Program" },
    { name: "campaigns", path: "campaigns", title: "Campaigns" },
    { name: "surprise-points", path: "surprise", title: "Surprise points" },
  ]) {
    it(`renders ${p.name} without errors, failed requests or serious accessibility violations`, async () => {
      const w = await newWatchedPage();
      await openAdminPage(w, env.standin.adminUrl(shop, p.path), p.title);
      await w.page.screenshot({ path: path.join(SCREENSHOT_DIR, `earning-${p.name}.png`), fullPage: true });
      expect(await seriousViolations(w.page)).toEqual([]);
      expect(w.problems).toEqual([]);
    });
  }

  it("refuses an expiry of 0 months next to the field, then saves expiry and pending points", async () => {
    const w = await newWatchedPage();
    await openAdminPage(w, env.standin.adminUrl(shop, "program"), "Program");
    await w.app.getByText("Earned points never expire.", { exact: false }).waitFor();
    await w.app.getByLabel("Points expire").selectOption("after_months");
    await w.app.getByLabel("Months", { exact: true }).fill("0");
    await w.app.getByLabel("Days until points from an order can be spent").fill("14");
    const bar = w.app.locator("ui-save-bar");
    await bar.getByRole("button", { name: "Save" }).click();
    await w.app.getByText("Fix these fields and save again:").waitFor();
    await expect(fieldError(w, "Months")).resolves.toMatch(/greater than or equal to 1/);
    // Nothing typed is lost, and nothing was stored.
    await expect(w.app.getByLabel("Days until points from an order can be spent").inputValue()).resolves.toBe("14");
    expect(query("SELECT settings FROM ProgramSettings")).toEqual([]);

    await w.app.getByLabel("Months", { exact: true }).fill("6");
    await w.app.getByText("Each lot of points expires 6 months after it was earned", { exact: false }).waitFor();
    await bar.getByRole("button", { name: "Save" }).click();
    await w.app.getByText("Program settings saved").waitFor();
    const [row] = query<{ settings: string }>("SELECT settings FROM ProgramSettings");
    const stored = JSON.parse(row!.settings) as { pointsExpiry: unknown; earn: { pendingDays: number } };
    expect(stored.pointsExpiry).toEqual({ mode: "after_months", months: 6 });
    expect(stored.earn.pendingDays).toBe(14);

    // A fresh load shows the stored values.
    await openAdminPage(w, env.standin.adminUrl(shop, "program"), "Program");
    await expect(w.app.getByLabel("Points expire").inputValue()).resolves.toBe("after_months");
    await expect(w.app.getByLabel("Months", { exact: true }).inputValue()).resolves.toBe("6");
    await expect(w.app.getByLabel("Days until points from an order can be spent").inputValue()).resolves.toBe("14");
    await w.app.getByText("stay pending for 14 days", { exact: false }).first().waitFor();
    expect(w.problems).toEqual([]);
  });

  it("labels social actions as unverifiable and rotates the review secret after confirmation", async () => {
    const w = await newWatchedPage();
    await openAdminPage(w, env.standin.adminUrl(shop, "program"), "Program");
    await expect(w.app.getByText("Unverifiable: shoppers only click a link").count()).resolves.toBe(6);
    await expect(w.app.getByLabel("Endpoint for your review app").inputValue()).resolves.toMatch(/\/api\/reviews$/);
    await w.app.getByRole("button", { name: "Create secret" }).click();
    await w.app.getByRole("dialog").getByRole("button", { name: "Rotate secret" }).click();
    await w.app.getByText("A new review app secret was created", { exact: false }).waitFor();
    const [shopRow] = query<{ reviewSecret: string }>("SELECT reviewSecret FROM Shop WHERE domain = ?", shop);
    expect(shopRow!.reviewSecret).toMatch(/^[0-9a-f]{64}$/);
    await eventually(async () => (await w.app.getByLabel("Review app secret").inputValue()) === shopRow!.reviewSecret, 10_000);
    expect(w.problems).toEqual([]);
  });

  it("creates a campaign (after a field error), lists it as active, edits it, and ends it after confirmation", async () => {
    const w = await newWatchedPage();
    await openAdminPage(w, env.standin.adminUrl(shop, "campaigns"), "Campaigns");
    await w.app.getByText("No campaigns yet").waitFor();
    await w.app.getByRole("button", { name: "New campaign" }).first().click();
    await w.app.getByLabel("Multiplier").fill("2");
    await w.app.getByLabel("First day").fill(utcDay(-1));
    await w.app.getByLabel("Last day").fill(utcDay(7));
    await w.app.getByRole("button", { name: "Create campaign" }).click();
    await expect(fieldError(w, "Name")).resolves.toMatch(/required|at least 1/i);
    await expect(w.app.getByLabel("Multiplier").inputValue()).resolves.toBe("2");

    await w.app.getByLabel("Name", { exact: true }).fill("Double week");
    await w.app.getByRole("button", { name: "Create campaign" }).click();
    await w.app.getByText("Campaign saved").waitFor();
    await w.app.getByRole("heading", { name: "Active (1)" }).waitFor();
    const row = w.app.getByRole("row", { name: /Double week/ });
    await row.getByText("2× points").waitFor();
    expect(await seriousViolations(w.page)).toEqual([]);

    // Edit: the form opens with the stored values.
    await row.getByRole("button", { name: "Edit Double week" }).click();
    await expect(w.app.getByLabel("Name", { exact: true }).inputValue()).resolves.toBe("Double week");
    await w.app.getByLabel("Multiplier").fill("3");
    await w.app.getByRole("button", { name: "Save campaign" }).click();
    await row.getByText("3× points").waitFor();

    await row.getByRole("button", { name: "End now: Double week" }).click();
    await w.app.getByRole("dialog").getByRole("button", { name: "End now" }).click();
    await w.app.getByText("Campaign ended").waitFor();
    await w.app.getByRole("heading", { name: "Ended (1)" }).waitFor();
    await w.app.getByRole("heading", { name: "Active (0)" }).waitFor();
    const [stored] = query<{ name: string; endedAt: number | string | null; multiplier: string }>("SELECT name, endedAt, multiplier FROM Campaign");
    expect(stored!.name).toBe("Double week");
    expect(stored!.endedAt).not.toBeNull();
    expect(stored!.multiplier).toBe("3");
    const audit = query<{ action: string }>("SELECT action FROM StaffAuditEntry WHERE action LIKE 'campaign_%' ORDER BY createdAt").map((a) => a.action);
    expect(audit).toEqual(["campaign_created", "campaign_updated", "campaign_ended"]);
    expect(w.problems).toEqual([]);
  });

  it("starts surprise points for a tag after confirmation and shows the run's progress", async () => {
    // Two members tagged "vip" in Shopify (an order makes them members; the update sends the tags).
    const candle = env.standin.state.shop(shop).products.find((p) => p.title === "Cedar Candle")!.variants[0]!;
    const customers = [];
    for (const email of ["ana@example.com", "ben@example.com"]) {
      const c = await env.standin.createCustomer(shop, { email, tags: ["VIP"] });
      await env.standin.placeOrder(shop, { customerId: c.id.toString(), lines: [{ variantId: candle.id.toString(), quantity: 1 }] });
      customers.push(c);
    }
    await env.standin.webhooks.settle();
    await eventually(async () => query("SELECT id FROM Member").length === 2, 30_000);
    for (const c of customers) await env.standin.updateCustomer(shop, c.id.toString(), { tags: ["VIP"] });
    await env.standin.webhooks.settle();
    await eventually(async () => query<{ n: number }>(`SELECT COUNT(*) AS n FROM Member WHERE shopifyTags LIKE '%"vip"%'`)[0]!.n === 2, 30_000);

    const w = await newWatchedPage();
    await openAdminPage(w, env.standin.adminUrl(shop, "surprise"), "Surprise points");
    await w.app.getByLabel("Who gets the points").selectOption("tag");
    await w.app.getByLabel("Shopify customer tag").fill("vip");
    await w.app.getByLabel("Points per member").fill("25");
    // The reason is required: the server says so next to the field.
    // The page's button comes before the dialog's (which is portalled to the end of the document).
    const givePoints = w.app.getByRole("button", { name: "Give points" }).first();
    await givePoints.click();
    await w.app.getByRole("dialog").getByRole("button", { name: "Give points" }).click();
    await w.app.getByRole("dialog").waitFor({ state: "hidden" });
    await expect(fieldError(w, "Reason")).resolves.toMatch(/required/);
    expect(query("SELECT id FROM SurprisePointsRun")).toEqual([]);

    await w.app.getByLabel("Reason").fill("Thank you for a great year");
    await givePoints.click();
    const dialog = w.app.getByRole("dialog");
    await dialog.getByText('Every member with the Shopify tag "vip" gets 25 points', { exact: false }).waitFor();
    await dialog.getByRole("button", { name: "Give points" }).click();
    await w.app.getByText("Surprise points started: 2 members").waitFor();
    const row = w.app.getByRole("row", { name: /Thank you for a great year/ });
    await row.getByText(/^[0-2] \/ 2$/).waitFor();
    expect(await seriousViolations(w.page)).toEqual([]);

    // The background job processes the run; the page refreshes itself while it is in progress.
    await row.getByText("2 / 2").waitFor({ timeout: 150_000 });
    await row.getByText("Completed").waitFor({ timeout: 15_000 });
    const grants = query<{ points: number; reason: string; staffUserId: string }>("SELECT points, reason, staffUserId FROM LedgerEntry WHERE sourceType = 'surprise'");
    expect(grants).toEqual([
      { points: 25, reason: "Thank you for a great year", staffUserId: "42" },
      { points: 25, reason: "Thank you for a great year", staffUserId: "42" },
    ]);
    expect(w.problems).toEqual([]);
  }, 240_000);

  it("shows the member's birthday and lets staff correct it", async () => {
    const [member] = query<{ customerId: string }>("SELECT customerId FROM Member ORDER BY customerId LIMIT 1");
    const w = await newWatchedPage();
    await openAdminPage(w, env.standin.adminUrl(shop, `customers/${member!.customerId}`), /.+/);
    await w.app.getByRole("heading", { name: "Birthday" }).waitFor();
    await w.app.getByText("No birthday recorded.").waitFor();
    await w.app.getByLabel("Month", { exact: true }).fill("2");
    await w.app.getByLabel("Day", { exact: true }).fill("30");
    await w.app.getByRole("button", { name: "Correct birthday" }).click();
    await expect(fieldError(w, "Day")).resolves.toMatch(/at most 29/);
    await w.app.getByLabel("Day", { exact: true }).fill("29");
    await w.app.getByRole("button", { name: "Correct birthday" }).click();
    await w.app.getByText("Birthday updated").waitFor();
    await w.app.getByText("02-29", { exact: true }).waitFor();
    expect(await seriousViolations(w.page)).toEqual([]);
    expect(w.problems).toEqual([]);
  });
});
