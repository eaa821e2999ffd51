// VIP tiers and staff tools in the merchant admin, in Chromium inside the stand-in's admin shell:
// tiers created and saved after the what-if preview, the member moved by the save, a staff point
// adjustment and tier override on the customer page, and the audit log naming the staff user.
import Database from "better-sqlite3";
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
  shop = env.standin.createShop({ name: "Tier Admin Shop" }).domain;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await env?.stop();
});

const appDb = () => new Database(path.join(env.app.dataDir, "tally.sqlite"), { readonly: true });
const figure = (w: ReturnType<typeof watch>, name: string) => w.app.getByRole("heading", { name, exact: true }).locator("..").locator("p").first().textContent();

describe("VIP tiers and staff tools in the admin", () => {
  it("previews who moves, saves the tiers, then staff adjust points and set a tier with an audit trail", async () => {
    const w = watch(await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage());
    await openAdminPage(w, env.standin.adminUrl(shop), /Tally Rewards|Loyalty dashboard/); // installs the app
    const customer = await env.standin.createCustomer(shop, { email: "lin@example.com", firstName: "Lin" });
    const candle = env.standin.state.shop(shop).products.find((p) => p.title === "Cedar Candle")!.variants[0]!;
    await env.standin.placeOrder(shop, { customerId: customer.id.toString(), lines: [{ variantId: candle.id.toString(), quantity: 2 }] }); // 64 points
    await env.standin.webhooks.settle();
    await eventually(async () => {
      const db = appDb();
      try {
        return (db.prepare("SELECT balance FROM Member WHERE customerId = ?").get(customer.id.toString()) as { balance: number } | undefined)?.balance === 64;
      } finally {
        db.close();
      }
    }, 30_000);

    await openAdminPage(w, env.standin.adminUrl(shop, "tiers"), "VIP tiers");
    await w.app.getByLabel("VIP tiers are on").check();
    await w.app.getByRole("button", { name: "Add tier" }).click();
    await w.app.getByRole("button", { name: "Add tier" }).click();
    await w.app.getByLabel("Name").nth(0).fill("Bronze");
    await w.app.getByLabel("Name").nth(1).fill("Silver");
    await w.app.getByLabel("From points earned").nth(1).fill("50");
    await w.app.getByRole("button", { name: "Review and save" }).first().click();
    const preview = w.app.getByRole("dialog");
    await preview.getByText("1 members move up, 0 move down, 0 stay.").waitFor();
    await preview.getByRole("cell", { name: "lin@example.com" }).waitFor();
    await w.page.screenshot({ path: path.join(SCREENSHOT_DIR, "tiers-preview.png"), fullPage: true });
    await preview.getByRole("button", { name: "Save tiers" }).click();
    await w.app.getByText("1 members", { exact: true }).waitFor();

    await openAdminPage(w, env.standin.adminUrl(shop, `customers/${customer.id}`), /Lin|Customer/);
    await expect(figure(w, "Tier")).resolves.toBe("Silver");
    await w.app.getByText("Top tier reached.", { exact: false }).waitFor();

    // A reason is required; the typed points stay.
    await w.app.getByLabel("Points (negative to deduct)").fill("-14");
    await w.app.getByRole("button", { name: "Adjust points" }).click();
    await w.app.getByText(/is required|Say why/).first().waitFor();
    await w.app.getByLabel("Reason").first().fill("Damaged parcel goodwill reversal");
    await w.app.getByRole("button", { name: "Adjust points" }).click();
    await w.app.getByText("Points adjusted").waitFor();
    await eventually(async () => (await figure(w, "Balance")) === "50");

    await w.app.getByLabel("Tier", { exact: true }).selectOption({ label: "Bronze" });
    await w.app.getByLabel("Lifetime status").check();
    await w.app.getByLabel("Reason").nth(1).fill("Staff test account");
    await w.app.getByRole("button", { name: "Set tier" }).click();
    await w.app.getByText("Tier updated").waitFor();
    expect(await seriousViolations(w.page)).toEqual([]);
    expect(w.problems).toEqual([]);

    // Every staff action carries the staff user id from the session token (the stand-in's "42").
    const db = appDb();
    try {
      const audit = db.prepare("SELECT action, staffUserId FROM StaffAuditEntry ORDER BY createdAt").all() as Array<{ action: string; staffUserId: string }>;
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["tiers_saved", "points_adjusted", "tier_override_set"]));
      expect(new Set(audit.map((a) => a.staffUserId))).toEqual(new Set(["42"]));
      const adjust = db.prepare("SELECT points, staffUserId, reason FROM LedgerEntry WHERE kind = 'adjust'").get() as { points: number; staffUserId: string; reason: string };
      expect(adjust).toEqual({ points: -14, staffUserId: "42", reason: "Damaged parcel goodwill reversal" });
      const change = db.prepare("SELECT reason, staffUserId FROM TierChange ORDER BY createdAt DESC LIMIT 1").get();
      expect(change).toEqual({ reason: "override", staffUserId: "42" });
    } finally {
      db.close();
    }
  });
});
