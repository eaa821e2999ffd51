// The storefront widget's cost: compressed bytes of JavaScript and CSS loaded before any
// interaction and after opening the panel, and the Lighthouse performance score of the stand-in
// storefront with and without the app embed (median of several runs). Run by `npm run bench`.
import path from "node:path";
import zlib from "node:zlib";
import fs from "node:fs";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { createDb } from "../app/db/client";
import { createReward } from "../app/services/rewards/catalog.server";
import { CHROMIUM_PATH, launchChromium } from "../test/support/browser";
import { type AppWithStandin, installApp, startAppWithStandin } from "../test/support/app-with-standin";

const ASSETS = path.resolve("extensions/tally-rewards/assets");
const gz = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(ASSETS, file))).length;

export type WidgetResults = {
  beforeInteraction: { js: number; css: number; files: string[] };
  afterOpening: { js: number; css: number; files: string[] };
  lighthouse: { withEmbed: number[]; withoutEmbed: number[] };
};

async function assetBytes(env: AppWithStandin, url: string) {
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext()).newPage();
    const loaded: string[] = [];
    page.on("request", (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith("/extensions/assets/")) loaded.push(path.basename(u.pathname));
    });
    await page.goto(url, { waitUntil: "networkidle" });
    const before = [...loaded];
    await page.getByRole("button", { name: "Rewards" }).click();
    await page.getByRole("dialog").waitFor();
    await page.waitForLoadState("networkidle");
    const after = loaded.filter((f) => !before.includes(f));
    const sum = (files: string[], ext: string) => files.filter((f) => f.endsWith(ext)).reduce((s, f) => s + gz(f), 0);
    return {
      beforeInteraction: { js: sum(before, ".js"), css: sum(before, ".css"), files: before },
      afterOpening: { js: sum(after, ".js"), css: sum(after, ".css"), files: after },
    };
  } finally {
    await browser.close();
  }
}

async function lighthouseScore(url: string): Promise<number> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"] });
  try {
    const result = await lighthouse(url, { port: chrome.port, onlyCategories: ["performance"], output: "json", logLevel: "error" });
    return Math.round((result?.lhr.categories.performance?.score ?? 0) * 100);
  } finally {
    chrome.kill();
  }
}

export async function benchWidget(runs = 3): Promise<WidgetResults> {
  const env = await startAppWithStandin({ TALLY_WORKER: "on" });
  const appDb = createDb({ provider: "sqlite", file: path.join(env.app.dataDir, "tally.sqlite") });
  try {
    const shop = env.standin.createShop({ name: "Widget Bench" });
    await installApp(env, shop.domain);
    const dbShop = await appDb.db.shop.findUniqueOrThrow({ where: { domain: shop.domain } });
    await createReward(appDb.db, dbShop.id, { title: "$5 off", type: "fixed_amount", pointsCost: 50, config: { amount: "5.00" } });
    const customer = await env.standin.createCustomer(shop.domain, { email: "lh@example.com" });
    const bytes = await assetBytes(env, env.standin.storefrontUrl(shop.domain, customer.id.toString()));
    const withEmbed: number[] = [];
    const withoutEmbed: number[] = [];
    for (let i = 0; i < runs; i++) {
      withEmbed.push(await lighthouseScore(`${env.standin.storefrontUrl(shop.domain, "guest")}`));
      withoutEmbed.push(await lighthouseScore(`${env.standin.storefrontUrl(shop.domain, "guest")}&embed=0`));
    }
    return { ...bytes, lighthouse: { withEmbed, withoutEmbed } };
  } finally {
    await appDb.close();
    await env.stop();
  }
}
