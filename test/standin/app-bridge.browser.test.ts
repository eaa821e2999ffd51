// The App Bridge stand-in in Chromium, inside the stand-in's admin shell: config, session tokens on
// the app's own fetches, toast, save bar, modal, title bar, resource picker and the nav menu.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { DEV_API_KEY, DEV_API_SECRET, type Standin, startStandin } from "./index";
import { verifySessionToken } from "./tokens";

let standin: Standin;
let app: http.Server;
let browser: Browser;
let page: Page;
let frame: Frame;
let shopDomain: string;

const appPage = (standinUrl: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>App</title>
<script src="${standinUrl}/app-bridge.js" data-api-key="${DEV_API_KEY}"></script></head>
<body>
<ui-title-bar title="Rewards"></ui-title-bar>
<ui-nav-menu><a href="/app" rel="home">Home</a><a href="/app/rewards">Rewards</a><a href="/app/settings">Settings</a></ui-nav-menu>
<ui-save-bar id="bar"><button variant="primary">Save</button><button>Discard</button></ui-save-bar>
<ui-modal id="confirm"><p>Really?</p></ui-modal>
<main><p id="path"></p></main>
<script>document.getElementById("path").textContent = location.pathname;</script>
</body></html>`;

beforeAll(async () => {
  // The "app": its pages load the stand-in's App Bridge; /echo shows what a fetch carried.
  app = http.createServer((req, res) => {
    if (req.url?.startsWith("/echo")) {
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ authorization: req.headers.authorization ?? null }));
      return;
    }
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(appPage(standin.url));
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  standin = await startStandin({ appUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}` });
  shopDomain = standin.createShop({ name: "Bridge Co" }).domain;
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${standin.url}/admin/store/${shopDomain.replace(".myshopify.com", "")}/apps/tally`);
  await page.locator("#app-nav a").first().waitFor();
  frame = page.frame({ url: /\/app\?/ })!;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await standin?.close();
  await new Promise<void>((resolve) => app.close(() => resolve()));
});

describe("App Bridge stand-in", () => {
  it("exposes config and environment, and issues verifiable session tokens", async () => {
    const config = await frame.evaluate(() => ({ config: window.shopify.config, embedded: window.shopify.environment.embedded }));
    expect(config).toEqual({ config: { apiKey: DEV_API_KEY, shop: shopDomain, host: expect.any(String), locale: "en" }, embedded: true });
    const token = await frame.evaluate(() => window.shopify.idToken());
    expect(verifySessionToken(token, DEV_API_KEY, DEV_API_SECRET)).toMatchObject({ shop: shopDomain });
  });

  it("adds a Bearer session token to the app's own fetches only", async () => {
    const echoed = await frame.evaluate(() => fetch("/echo").then((r) => r.json() as Promise<{ authorization: string }>));
    expect(echoed.authorization).toMatch(/^Bearer /);
    expect(verifySessionToken(echoed.authorization.slice(7), DEV_API_KEY, DEV_API_SECRET)).toMatchObject({ shop: shopDomain });
  });

  it("shows a toast in a status region", async () => {
    await frame.evaluate(() => window.shopify.toast.show("Reward saved"));
    await expect(frame.getByRole("status").textContent()).resolves.toContain("Reward saved");
  });

  it("shows and hides the save bar with the app's own buttons, and a modal", async () => {
    const bar = frame.getByRole("region", { name: "Unsaved changes" });
    expect(await bar.isVisible()).toBe(false);
    await frame.evaluate(() => window.shopify.saveBar.show("bar"));
    expect(await bar.isVisible()).toBe(true);
    expect(await bar.getByRole("button", { name: "Save" }).isVisible()).toBe(true);
    await frame.evaluate(() => window.shopify.saveBar.hide("bar"));
    expect(await bar.isVisible()).toBe(false);
    await frame.evaluate(() => window.shopify.modal.show("confirm"));
    expect(await frame.getByRole("dialog").textContent()).toContain("Really?");
    await frame.evaluate(() => window.shopify.modal.hide("confirm"));
    expect(await frame.getByRole("dialog").count()).toBe(0);
  });

  it("renders the title bar as a heading", async () => {
    expect(await frame.getByRole("heading", { name: "Rewards" }).isVisible()).toBe(true);
  });

  it("picks products with the resource picker and returns them in Shopify's shape", async () => {
    await frame.evaluate(() => {
      (window as unknown as { picked: Promise<unknown> }).picked = window.shopify.resourcePicker({ type: "product", multiple: true });
    });
    const dialog = frame.getByRole("dialog", { name: "Select products" });
    await dialog.getByLabel("Cedar Candle").check();
    await dialog.getByLabel("Rose Body Oil").check();
    await dialog.getByRole("button", { name: "Select" }).click();
    const picked = (await frame.evaluate(() => (window as unknown as { picked: Promise<Array<{ id: string; title: string; variants: unknown[] }>> }).picked)) as Array<{ id: string; title: string; variants: unknown[] }>;
    expect(picked.map((p) => p.title).sort()).toEqual(["Cedar Candle", "Rose Body Oil"]);
    expect(picked[0]!.id).toMatch(/^gid:\/\/shopify\/Product\/\d+$/);
    expect(picked[0]!.variants.length).toBeGreaterThan(0);
  });

  it("lists the nav menu in the shell and navigates the frame with a fresh token", async () => {
    expect(await page.locator("#app-nav a").allTextContents()).toEqual(["Home", "Rewards", "Settings"]);
    const navigated = page.waitForEvent("framenavigated", { predicate: (f) => f.url().includes("/app/settings") });
    await page.locator("#app-nav a", { hasText: "Settings" }).click();
    const settings = await navigated;
    expect(await settings.locator("#path").textContent()).toBe("/app/settings");
    const url = new URL(settings.url());
    expect(url.searchParams.get("shop")).toBe(shopDomain);
    expect(url.searchParams.get("embedded")).toBe("1");
    expect(verifySessionToken(url.searchParams.get("id_token")!, DEV_API_KEY, DEV_API_SECRET)).toMatchObject({ shop: shopDomain });
  });
});

declare global {
  interface Window {
    shopify: {
      config: { apiKey: string; shop: string; host: string; locale: string };
      environment: { embedded: boolean };
      idToken(): Promise<string>;
      toast: { show(message: string, options?: { isError?: boolean }): string };
      saveBar: { show(id: string): Promise<void>; hide(id: string): Promise<void> };
      modal: { show(id: string): Promise<void>; hide(id: string): Promise<void> };
      resourcePicker(options: { type: "product" | "collection"; multiple?: boolean }): Promise<unknown>;
    };
  }
}
