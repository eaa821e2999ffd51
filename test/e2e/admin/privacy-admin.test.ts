// Data requests in the merchant admin, in Chromium inside the stand-in's admin shell: Shopify's
// customers/data_request (sent by the stand-in, signed, through the app's webhook route) appears on
// the customer page, downloads as the JSON export, and staff can make one now; Activity lists
// every request, a non-member's too. The download route answers nothing without the admin's session.
import fs from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppWithStandin, eventually, startAppWithStandin } from "../../support/app-with-standin";
import { launchChromium } from "../../support/browser";
import { openAdminPage, watch } from "./admin-shell";

let env: AppWithStandin;
let browser: Browser;
let shop: string;

beforeAll(async () => {
  env = await startAppWithStandin();
  shop = env.standin.createShop({ name: "Privacy Admin Shop" }).domain;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await env?.stop();
});

describe("data requests in the admin", () => {
  it("lists Shopify's data request on the customer page and in Activity, downloads it, and makes a new one", async () => {
    const w = watch(await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage());
    await openAdminPage(w, env.standin.adminUrl(shop), /Tally Rewards|Loyalty dashboard/); // installs the app
    const customer = await env.standin.createCustomer(shop, { email: "ines@example.com", firstName: "Ines" });
    const candle = env.standin.state.shop(shop).products.find((p) => p.title === "Cedar Candle")!.variants[0]!;
    await env.standin.placeOrder(shop, { customerId: customer.id.toString(), lines: [{ variantId: candle.id.toString() }] });
    await env.standin.webhooks.settle();
    await env.standin.sendCompliance(shop, "customers/data_request", customer.id.toString());
    await env.standin.webhooks.settle();

    const page = env.standin.adminUrl(shop, `customers/${customer.id}`);
    await eventually(async () => {
      await openAdminPage(w, page, /Ines|Customer/);
      return (await w.app.getByRole("button", { name: /^Download / }).count()) === 1;
    }, 30_000);
    await w.app.getByText("Shopify request").waitFor();
    const [download] = await Promise.all([w.page.waitForEvent("download"), w.app.getByRole("button", { name: /^Download / }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^tally-data-request-${customer.id}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
    const exported = JSON.parse(fs.readFileSync((await download.path())!, "utf8"));
    expect(exported).toMatchObject({ customerId: customer.id.toString(), member: { profile: { email: "ines@example.com" } } });
    expect(exported.member.ledger.length).toBeGreaterThan(0);

    await w.app.getByRole("button", { name: "Export data now" }).click();
    await w.app.getByText("Data export saved").waitFor();
    await eventually(async () => (await w.app.getByRole("button", { name: /^Download / }).count()) === 2);

    // Activity lists every data request, a non-member's too (they have no customer page).
    const guest = await env.standin.createCustomer(shop, { email: "guest@example.com" }, { webhook: false });
    await env.standin.sendCompliance(shop, "customers/data_request", guest.id.toString());
    await env.standin.webhooks.settle();
    await eventually(async () => {
      await openAdminPage(w, env.standin.adminUrl(shop, "activity"), "Activity");
      await w.app.getByRole("tab", { name: "Data requests" }).click();
      await w.app.getByRole("columnheader", { name: "Requested by" }).waitFor();
      return (await w.app.getByRole("button", { name: /^Download the data of customer / }).count()) === 3;
    }, 30_000);
    const [guestFile] = await Promise.all([w.page.waitForEvent("download"), w.app.getByRole("button", { name: `Download the data of customer ${guest.id}` }).click()]);
    expect(JSON.parse(fs.readFileSync((await guestFile.path())!, "utf8"))).toMatchObject({ customerId: guest.id.toString(), member: null });
    expect(w.problems).toEqual([]);

    // Without the admin's session token the export is not served.
    const unsigned = await fetch(`${env.app.url}/app/data-requests/anything`, { redirect: "manual" });
    expect(unsigned.status).not.toBe(200);
    expect(await unsigned.text()).not.toContain("ines@example.com");
  });
});
