// The theme app extension without a browser: clean by Shopify's own theme-check, within its
// performance budget, and every block rendered for guests and members in every shipped locale.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { themeCheckRun } from "@shopify/theme-check-node";
import { describe, expect, it } from "vitest";
import {
  type BlockContext,
  EXTENSION_DIR,
  extensionAssetPath,
  formatMoney,
  liquidCents,
  LOCALES,
  readBlock,
  renderBlock,
  renderStorefrontPage,
} from "../../standin/storefront/render";
import { earnRule, LOCALE_LABELS, member, product, shop } from "./fixtures";

const ctx = (over: Partial<BlockContext> = {}): BlockContext => ({ shop, customer: null, assetBaseUrl: "/assets", ...over });
const asset = (file: string) => fs.readFileSync(path.join(EXTENSION_DIR, "assets", file));
const gzipSize = (data: Buffer | string) => zlib.gzipSync(data, { level: 9 }).length;
const i18nOf = (html: string) => JSON.parse(/data-tally-i18n>([\s\S]*?)<\/script>/.exec(html)![1]!) as Record<string, string>;
const keysOf = (o: object, prefix = ""): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === "object" ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
const productPoints = async (rule: unknown, over: Partial<BlockContext> = {}) =>
  (await renderBlock("product-points.liquid", ctx({ product, appMetafields: rule === undefined ? {} : { tally: { program: rule } }, ...over }))).trim();
const shownPoints = (html: string) => /data-tally-product-points[^>]*>([^<]*)</.exec(html)?.[1]?.trim();

describe("theme app extension: files and budget", () => {
  it("has no theme-check errors with the app-extension rules", async () => {
    const config = path.resolve("node_modules/@shopify/theme-check-node/configs/theme-app-extension.yml");
    const run = await themeCheckRun(EXTENSION_DIR, config);
    const errors = run.offenses.filter((o) => o.severity === 0).map((o) => `${o.uri.split("/").slice(-2).join("/")}: ${o.check} ${o.message}`);
    expect(errors).toEqual([]);
  }, 60_000);

  it("holds only what Shopify allows at the top of a theme app extension", () => {
    const top = fs.readdirSync(EXTENSION_DIR).sort();
    expect(top.every((name) => ["assets", "blocks", "locales", "snippets", "shopify.extension.toml"].includes(name))).toBe(true);
    expect(fs.readFileSync(path.join(EXTENSION_DIR, "shopify.extension.toml"), "utf8")).toMatch(/type\s*=\s*"theme"/);
    expect(readBlock("rewards-launcher.liquid").schema.target).toBe("body");
    expect(readBlock("rewards-page.liquid").schema.target).toBe("section");
    expect(readBlock("product-points.liquid").schema.target).toBe("section");
  });

  it("keeps the script loaded before interaction ≤ 10,000 bytes and the CSS ≤ 10 KB compressed", () => {
    const launcher = gzipSize(asset("tally-launcher.js"));
    const css = gzipSize(asset("tally.css"));
    console.log(`tally-launcher.js ${launcher} B gz, tally.css ${css} B gz, tally-panel.js ${gzipSize(asset("tally-panel.js"))} B gz`);
    expect(launcher).toBeLessThanOrEqual(10_000);
    expect(css).toBeLessThanOrEqual(10_000);
    // theme-check's own limit applies to every JavaScript asset, the panel included.
    expect(gzipSize(asset("tally-panel.js"))).toBeLessThanOrEqual(10_000);
  });

  it("puts one deferred script and no stylesheet request on a page before interaction", async () => {
    const html = await renderStorefrontPage({ shop, customer: null, page: "home", assetBaseUrl: "/assets" });
    const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>/g)];
    expect(scripts.map((m) => m[1])).toEqual(["/assets/tally-launcher.js"]);
    expect(scripts[0]![0]).toContain(" defer");
    expect(html).not.toMatch(/<link[^>]+tally\.css/); // the panel's CSS is fetched on intent
    expect(html).not.toMatch(/<script[^>]+tally-panel\.js/);
    expect(html).toMatch(/#tally-rewards\{position:fixed;bottom:20px;right:20px/); // fixed: no layout shift
    const embed = html.slice(html.indexOf("<style>\n  #tally-rewards"), html.indexOf("</body>"));
    // Everything the embed costs before interaction: its markup and texts plus the launcher script.
    console.log(`embed markup and texts ${gzipSize(embed)} B gz + launcher ${gzipSize(asset("tally-launcher.js"))} B gz`);
    expect(gzipSize(embed) + gzipSize(asset("tally-launcher.js"))).toBeLessThanOrEqual(3_000);
  });

  it("serves assets by plain file name only", () => {
    expect(extensionAssetPath("tally-launcher.js")).toBe(path.join(EXTENSION_DIR, "assets", "tally-launcher.js"));
    expect(extensionAssetPath("../blocks/rewards-page.liquid")).toBeNull();
    expect(extensionAssetPath("missing.js")).toBeNull();
  });
});

describe("theme app extension: locales", () => {
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, "locales", file), "utf8")) as object;

  it("every locale has exactly the default locale's keys, none empty", () => {
    const base = keysOf(read("en.default.json"));
    for (const locale of LOCALES.filter((l) => l !== "en")) {
      const doc = read(`${locale}.json`);
      expect(keysOf(doc)).toEqual(base);
      expect(JSON.stringify(doc)).not.toMatch(/:""/);
    }
  });

  it("gives the panel every text its code asks for", async () => {
    const panel = asset("tally-panel.js").toString("utf8");
    const used = new Set([...panel.matchAll(/\btext\("(\w+)"/g)].map((m) => m[1]!));
    expect(used.size).toBeGreaterThan(20);
    for (const locale of LOCALES) {
      const i18n = i18nOf(await renderBlock("rewards-launcher.liquid", ctx({ locale })));
      expect([...used].filter((key) => !(key in i18n))).toEqual([]);
      // Error texts are looked up by the API's error code (docs/storefront-api.md), generic as fallback.
      for (const code of ["generic", "not_signed_in", "insufficient_points", "limit_reached", "tier_required", "rate_limited", "shopify_unavailable", "idempotency_conflict"]) {
        expect(i18n[`error_${code}`]).toBeTruthy();
      }
      expect(Object.entries(i18n).filter(([, v]) => !v || v.includes("translation missing"))).toEqual([]);
    }
  });
});

describe("rewards launcher (app embed)", () => {
  it("renders for a guest with the theme's sign-in routes and never a customer id", async () => {
    const html = await renderBlock("rewards-launcher.liquid", ctx());
    expect(html).toContain('data-signed-in="false"');
    expect(html).toContain('data-login-url="/account/login"');
    expect(html).toContain('data-register-url="/account/register"');
    expect(html).toContain('data-proxy-base="/apps/tally"');
    expect(html).toContain('data-panel-src="/assets/tally-panel.js"');
    expect(html).toMatch(/<button type="button" class="tally-launcher" data-tally-launcher aria-haspopup="dialog" aria-expanded="false">/);
    expect(html).toContain("<span>Rewards</span>");
  });

  it("renders for a member with the merchant's texts, colours and position, escaped", async () => {
    const settings = { launcher_text: "Bath <b>Bucks</b>", panel_title: "Club \"Cedar\"", accent_color: "#aa0044", text_color: "#fefefe", position: "left" };
    const html = await renderBlock("rewards-launcher.liquid", ctx({ customer: member, settings }));
    expect(html).toContain('data-signed-in="true"');
    expect(html).toContain("<span>Bath &lt;b&gt;Bucks&lt;/b&gt;</span>");
    expect(html).toContain('data-title="Club &#34;Cedar&#34;"');
    expect(html).toContain("--tally-accent:#aa0044;--tally-text:#fefefe");
    expect(html).toContain("bottom:20px;left:20px");
    expect(html).toContain("tally--left");
    expect(html).not.toContain(member.id);
    expect(html).not.toContain(member.email);
  });

  it("falls back to the translated defaults for blank texts and to the right for an unknown position", async () => {
    const html = await renderBlock("rewards-launcher.liquid", ctx({ locale: "fr", settings: { launcher_text: "  ", panel_title: "", position: "top" } }));
    expect(html).toContain("<span>Récompenses</span>");
    expect(html).toContain('data-title="Récompenses"');
    expect(html).toContain("tally--right");
  });

  it.each(LOCALES.flatMap((locale) => [[locale, "guest"], [locale, "member"]] as const))("renders in %s for a %s", async (locale, who) => {
    const html = await renderBlock("rewards-launcher.liquid", ctx({ locale, customer: who === "member" ? member : null }));
    expect(html).toContain(`<span>${LOCALE_LABELS[locale]}</span>`);
    expect(html).toContain(`lang="${locale}"`);
    expect(/\sdir="rtl"/.test(html)).toBe(locale === "ar");
    expect(i18nOf(html).title).toBe(LOCALE_LABELS[locale]);
  });
});

describe("rewards page (app block)", () => {
  it("offers a guest the theme's create-account and sign-in links", async () => {
    const html = await renderBlock("rewards-page.liquid", ctx());
    expect(html).toContain('href="/account/register"');
    expect(html).toContain('href="/account/login"');
    expect(html).toContain("How it works");
    expect(html).not.toContain("data-tally-member");
  });

  it("greets a member by name, escaped, and leaves a place for their status", async () => {
    const html = await renderBlock("rewards-page.liquid", ctx({ customer: { ...member, firstName: "Ada <i>" } }));
    expect(html).toContain("Welcome back, Ada &lt;i&gt;!");
    expect(html).toContain("data-tally-member");
    expect(html).not.toContain('href="/account/register"');
  });

  it("shows the merchant's FAQ when set, else the default questions", async () => {
    const custom = await renderBlock("rewards-page.liquid", ctx({ settings: { heading: "Cedar Club", faq_2_question: "Do points expire?", faq_2_answer: "<p>After a year.</p>" } }));
    expect(custom).toContain(">Cedar Club</h2>");
    expect(custom).toContain("<summary>Do points expire?</summary>");
    expect(custom).toContain("<p>After a year.</p>");
    expect(custom).not.toContain("How do I earn points?");
    const defaults = await renderBlock("rewards-page.liquid", ctx());
    expect(defaults).toContain(">Rewards program</h2>");
    expect(defaults).toContain("<summary>How do I earn points?</summary>");
  });

  it.each(LOCALES)("renders in %s, right-to-left only in Arabic", async (locale) => {
    const html = await renderBlock("rewards-page.liquid", ctx({ locale, customer: member }));
    expect(/\sdir="rtl"/.test(html)).toBe(locale === "ar");
    expect(html).not.toContain("translation missing");
  });
});

describe("product points (app block)", () => {
  it("computes points for the selected variant from the earn rule, rounding down by default", async () => {
    // 32.50 USD × 2 points per 1.00 → 65; 59.99 USD → 119.98 → 119.
    expect(shownPoints(await productPoints(earnRule()))).toBe("Earn 65 Bath Bucks with this purchase");
    expect(shownPoints(await productPoints(earnRule(), { variantId: product.variants[1]!.id }))).toBe("Earn 119 Bath Bucks with this purchase");
  });

  it.each([
    ["down", 119],
    ["nearest", 120],
    ["up", 120],
  ])("rounds %s", async (rounding, expected) => {
    const html = await productPoints(earnRule({}, { rounding }), { variantId: product.variants[1]!.id });
    expect(shownPoints(html)).toBe(`Earn ${expected} Bath Bucks with this purchase`);
  });

  it("works in Liquid's hundredths for every currency: JPY (no decimals) and KWD (three)", async () => {
    // ¥2,500 at 1 point per ¥100 → 25; Liquid sees the price as 250000.
    const yen = { ...product, variants: [{ id: "1", title: "One", priceMinor: 2500 }] };
    const jpy = await productPoints(earnRule({ minorExponent: 0 }, { points: 1, perAmount: "100" }), { product: yen, shop: { ...shop, currency: "JPY" } });
    expect(shownPoints(jpy)).toBe("Earn 25 Bath Bucks with this purchase");
    // 12.345 KWD at 1 point per 0.500 KWD → 24.69 → 24.
    const dinar = { ...product, variants: [{ id: "1", title: "One", priceMinor: 12_345 }] };
    const kwd = await productPoints(earnRule({ minorExponent: 3 }, { points: 1, perAmount: "0.500" }), { product: dinar, shop: { ...shop, currency: "KWD" } });
    expect(shownPoints(kwd)).toBe("Earn 24 Bath Bucks with this purchase");
  });

  it("says one point in the singular", async () => {
    const cheap = { ...product, variants: [{ id: "1", title: "One", priceMinor: 150 }] };
    expect(shownPoints(await productPoints(earnRule({}, { points: 1 }), { product: cheap }))).toBe("Earn 1 Bath Buck with this purchase");
  });

  it("carries every variant's text for the variant-change listener", async () => {
    const html = await productPoints(earnRule());
    const texts = JSON.parse(/data-texts="([^"]*)"/.exec(html)![1]!.replaceAll("&#34;", '"').replaceAll("&quot;", '"')) as Record<string, string>;
    expect(texts).toEqual({
      [product.variants[0]!.id]: "Earn 65 Bath Bucks with this purchase",
      [product.variants[1]!.id]: "Earn 119 Bath Bucks with this purchase",
    });
    expect(html).toContain("<script>");
  });

  it("renders nothing without the metafield, with the program off or with an unusable rule", async () => {
    expect(await productPoints(undefined)).toBe("");
    expect(await productPoints(earnRule({ enabled: false }))).toBe("");
    expect(shownPoints(await productPoints(earnRule({}, { perAmount: "0.00" })))).toBe("");
    expect(await productPoints(earnRule(), { product: undefined })).toBe("");
  });

  it.each(LOCALES)("renders in %s", async (locale) => {
    const html = await productPoints(earnRule(), { locale });
    expect(shownPoints(html)).toContain("65");
    expect(html).not.toContain("translation missing");
  });
});

describe("storefront page renderer", () => {
  it("renders a whole page: header, main content, then the app embed before </body>", async () => {
    const html = await renderStorefrontPage({ shop, customer: member, page: "product", product, assetBaseUrl: "/ext", appMetafields: { tally: { program: earnRule() } }, headerHtml: "<header id=custom>Hi</header>" });
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("<header id=custom>Hi</header>");
    expect(html).toContain('<form method="post" action="/cart/add"');
    expect(html).toContain("Small · $32.50");
    expect(html).toContain("Earn 65 Bath Bucks");
    expect(html.indexOf('id="tally-rewards"')).toBeGreaterThan(html.indexOf("</main>"));
    expect(html.trimEnd().endsWith("</html>")).toBe(true);
  });

  it("applies block settings per file and leaves the embed off when told", async () => {
    const html = await renderStorefrontPage({ shop, customer: null, page: "rewards", assetBaseUrl: "/ext", locale: "ar", embedSettings: false, blockSettings: { "rewards-page.liquid": { heading: "نادي" } } });
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain(">نادي</h2>");
    expect(html).not.toContain('id="tally-rewards"');
  });

  it("gives Liquid prices in hundredths for every currency, as Shopify does", () => {
    expect(liquidCents(3250, "USD")).toBe(3250);
    expect(liquidCents(1110, "JPY")).toBe(111_000);
    expect(liquidCents(12_345, "KWD")).toBe(1235); // no thousandths in Liquid: half up
    expect(liquidCents(12_344, "KWD")).toBe(1234);
  });

  it("formats money in the shop's format from integer minor units", () => {
    expect(formatMoney(123_456_789, "USD", "${{amount}}")).toBe("$1,234,567.89");
    expect(formatMoney(5, "USD")).toBe("0.05 USD");
    expect(formatMoney(2500, "JPY", "¥{{amount_no_decimals}}")).toBe("¥2,500");
    expect(formatMoney(12_345, "KWD")).toBe("12.35 KWD");
    expect(formatMoney(123_450, "EUR", "{{amount_with_comma_separator}} €")).toBe("1.234,50 €");
    expect(formatMoney(123_450, "EUR", "{{amount_no_decimals_with_comma_separator}} €")).toBe("1.235 €");
    expect(formatMoney(-199, "USD", "${{amount}}")).toBe("$-1.99");
  });
});
