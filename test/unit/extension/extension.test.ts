// The theme app extension: clean by Shopify's own theme-check, within its performance budget,
// and rendering every block for guests and members in every shipped locale.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { themeCheckRun } from "@shopify/theme-check-node";
import { describe, expect, it } from "vitest";
import { EXTENSION_DIR, renderBlock, type RenderContext } from "../../standin/storefront/render";

const shop = { domain: "demo.myshopify.com", name: "Demo", currency: "USD" };
const member = { id: "7100000000000000123", email: "ada@example.com", firstName: "Ada", lastName: "Lovelace" };
const ctx = (over: Partial<RenderContext> = {}): RenderContext => ({ shop, customer: null, assetBaseUrl: "/assets", ...over });
const gzipSize = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(EXTENSION_DIR, "assets", file))).length;

describe("theme app extension", () => {
  it("has no theme-check errors (app extension rules)", async () => {
    const configPath = path.resolve("node_modules/@shopify/theme-check-node/configs/theme-app-extension.yml");
    const run = await themeCheckRun(EXTENSION_DIR, configPath);
    const errors = run.offenses.filter((o) => o.severity === 0).map((o) => `${o.uri.split("/").slice(-2).join("/")}: ${o.check} ${o.message}`);
    expect(errors).toEqual([]);
  });

  it("stays within the storefront budget before interaction: JS ≤ 10,000 bytes and CSS ≤ 10 KB compressed", () => {
    expect(gzipSize("tally-launcher.js")).toBeLessThanOrEqual(10_000);
    expect(gzipSize("tally.css")).toBeLessThanOrEqual(10_000);
  });

  it("renders the launcher for a guest with the theme's sign-in and register routes", async () => {
    const html = await renderBlock("rewards-launcher.liquid", ctx());
    expect(html).toContain('data-signed-in="false"');
    expect(html).toContain('data-login-url="/account/login"');
    expect(html).toContain('data-register-url="/account/register"');
    expect(html).toContain('src="/assets/tally-launcher.js" defer');
    expect(html).toContain(">Rewards</span>");
    expect(html).not.toContain(member.id); // the widget never carries a customer id
  });

  it("renders the launcher for a member with the merchant's texts and colours", async () => {
    const html = await renderBlock("rewards-launcher.liquid", ctx({ customer: member, settings: { launcher_text: "Bath Bucks", accent_color: "#aa0044", position: "left" } }));
    expect(html).toContain('data-signed-in="true"');
    expect(html).toContain(">Bath Bucks</span>");
    expect(html).toContain("--tally-accent: #aa0044");
    expect(html).toContain("tally--left");
  });

  it.each([
    ["fr", "Récompenses"],
    ["de", "Prämien"],
    ["es", "Recompensas"],
    ["ar", "المكافآت"],
  ])("renders in %s", async (locale, label) => {
    const html = await renderBlock("rewards-launcher.liquid", ctx({ locale }));
    expect(html).toContain(label);
    expect(html.includes('dir="rtl"')).toBe(locale === "ar");
    const i18n = JSON.parse(/data-tally-i18n>([\s\S]*?)<\/script>/.exec(html)![1]!) as Record<string, string>;
    expect(Object.values(i18n).every((v) => v && !v.startsWith("tally."))).toBe(true);
  });

  it("every locale has every key of the default locale", () => {
    const keys = (o: object, prefix = ""): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === "object" ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
    const base = keys(JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, "locales/en.default.json"), "utf8")));
    for (const locale of ["fr", "de", "es", "ar"]) {
      expect(keys(JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, `locales/${locale}.json`), "utf8")))).toEqual(base);
    }
  });

  it("renders the rewards page block with sign-up links for guests and a greeting for members", async () => {
    expect(await renderBlock("rewards-page.liquid", ctx())).toContain('href="/account/register"');
    expect(await renderBlock("rewards-page.liquid", ctx({ customer: member }))).toContain("Welcome back, Ada!");
  });

  it("renders points for a product from the shop's earn rule, and nothing without one", async () => {
    const product = { id: "1", title: "Candle", handle: "candle", variants: [{ id: "2", title: "Default", priceMinor: 3250 }] };
    const rule = { currency: { singular: "Bath Buck", plural: "Bath Bucks" }, earn: { points: 2, per_minor: 100 } };
    const html = await renderBlock("product-points.liquid", ctx({ product, appMetafields: { tally: { program: { value: rule } } } }));
    expect(html).toContain("Earn 65 Bath Bucks with this purchase");
    expect((await renderBlock("product-points.liquid", ctx({ product }))).trim()).toBe("");
  });
});
