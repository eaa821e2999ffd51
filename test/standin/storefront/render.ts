// Renders the theme app extension the way a Shopify theme would, with liquidjs: a minimal theme
// layout (header, main content, app embed before </body>) around the extension's blocks, with the
// Liquid objects the blocks use (`customer`, `shop`, `request.locale`, `routes`, `product`,
// `block`, `app.metafields`) and Shopify's filters they use (`asset_url`, `t`, `money`, `json`;
// `escape`, `default`, `times`… are liquidjs's own). Used by the stand-in storefront and by the
// extension's tests. Pure: reads only the extension's files.
import fs from "node:fs";
import path from "node:path";
import { Liquid } from "liquidjs";

export const EXTENSION_DIR = path.resolve(import.meta.dirname, "../../../extensions/tally-rewards");

type Json = Record<string, unknown>;

export type StorefrontLocale = "en" | "fr" | "de" | "es" | "ar";
export type StorefrontCustomer = { id: string; email: string; firstName: string; lastName: string };
export type StorefrontShop = { domain: string; name: string; currency: string; moneyFormat?: string };
export type StorefrontProduct = {
  id: string;
  title: string;
  handle: string;
  variants: Array<{ id: string; title: string; priceMinor: number }>;
};

/**
 * What a single block needs. `appMetafields` is namespace → key → value (the metafield's parsed
 * value). Variant prices are integer minor units here; Liquid sees them as Shopify shows them
 * (hundredths of the currency unit, see liquidCents).
 */
export type BlockContext = {
  shop: StorefrontShop;
  customer: StorefrontCustomer | null;
  locale?: string;
  assetBaseUrl: string;
  product?: StorefrontProduct;
  appMetafields?: Json;
  /** The block's settings (merged over its schema's defaults). */
  settings?: Json;
  /** Selected variant id (defaults to the first variant). */
  variantId?: string;
};

export type StorefrontPageInput = {
  shop: StorefrontShop;
  customer: StorefrontCustomer | null;
  page: "home" | "product" | "rewards";
  product?: StorefrontProduct;
  locale?: string;
  /** Settings of the app embed (rewards-launcher); `false` leaves the embed off, as a merchant may. */
  embedSettings?: Json | false;
  /** Settings per block file, e.g. { "rewards-page.liquid": { heading: "…" } }. */
  blockSettings?: Record<string, Json>;
  appMetafields?: Json;
  assetBaseUrl: string;
  headerHtml?: string;
};

export const LOCALES: readonly StorefrontLocale[] = ["en", "fr", "de", "es", "ar"];
const RTL_LOCALES = new Set(["ar", "he", "fa", "ur"]);

/** Absolute path of an extension asset, or null when `file` is not a plain file name that exists. */
export function extensionAssetPath(file: string): string | null {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(file)) return null;
  const full = path.join(EXTENSION_DIR, "assets", file);
  return fs.existsSync(full) && fs.statSync(full).isFile() ? full : null;
}

function readJson(file: string): Json {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Json) : {};
}

function deepMerge(a: Json, b: Json): Json {
  const out: Json = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const isObject = v !== null && typeof v === "object" && !Array.isArray(v);
    out[k] = isObject ? deepMerge((a[k] as Json) ?? {}, v as Json) : v;
  }
  return out;
}

/** The storefront strings for a locale, falling back key by key to en.default.json. */
export function translations(locale: string): Json {
  const fallback = readJson(path.join(EXTENSION_DIR, "locales/en.default.json"));
  if (locale === "en" || !/^[a-z]{2}(-[A-Z]{2})?$/.test(locale)) return fallback;
  return deepMerge(fallback, readJson(path.join(EXTENSION_DIR, `locales/${locale}.json`)));
}

function lookup(tree: Json, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Json)[part] : undefined), tree);
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Decimal places of a currency (JPY 0, USD 2, KWD 3), from the platform's currency data. */
export function currencyExponent(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Liquid's unit for money: hundredths of the currency unit for every currency (Shopify's docs:
 * "the money value in cents"; a ¥1,110 price is 111000 in Liquid). From integer minor units:
 * JPY × 100, USD as is, KWD ÷ 10 rounded half up (Liquid has no thousandths).
 */
export function liquidCents(minor: number, currency: string): number {
  const exponent = currencyExponent(currency);
  if (exponent <= 2) return minor * 10 ** (2 - exponent);
  const divisor = 10 ** (exponent - 2);
  return Math.sign(minor) * Math.floor((Math.abs(minor) + divisor / 2) / divisor);
}

/** Liquid cents → "1,234.50" (or whole units rounded half up, as Shopify's *_no_decimals do). */
function formatCents(cents: number, thousands: string, decimal: string, decimals: boolean): string {
  const negative = cents < 0;
  let abs = Math.abs(Math.trunc(cents));
  if (!decimals) abs = Math.floor((abs + 50) / 100) * 100;
  const digits = String(abs).padStart(3, "0");
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  return (negative ? "-" : "") + whole + (decimals ? decimal + digits.slice(-2) : "");
}

/** Shopify's `money` filter on a Liquid price (cents): the shop's money format with {{amount}} and its variants. */
export function formatLiquidMoney(cents: number, moneyFormat: string): string {
  return moneyFormat.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    switch (name) {
      case "amount_no_decimals":
        return formatCents(cents, ",", ".", false);
      case "amount_with_comma_separator":
        return formatCents(cents, ".", ",", true);
      case "amount_no_decimals_with_comma_separator":
        return formatCents(cents, ".", ",", false);
      case "amount_with_apostrophe_separator":
        return formatCents(cents, "'", ".", true);
      default:
        return formatCents(cents, ",", ".", true);
    }
  });
}

/** An amount in integer minor units as the shop's storefront shows it. */
export function formatMoney(minor: number, currency: string, moneyFormat?: string): string {
  return formatLiquidMoney(liquidCents(minor, currency), moneyFormat ?? `{{amount}} ${currency}`);
}

/** A block's source without its {% schema %}, the parsed schema and its setting defaults. */
export function readBlock(file: string): { source: string; defaults: Json; schema: Json } {
  if (!/^[a-z0-9-]+\.liquid$/.test(file)) throw new Error(`not a block file name: ${file}`);
  const raw = fs.readFileSync(path.join(EXTENSION_DIR, "blocks", file), "utf8");
  const match = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/.exec(raw);
  const schema = match ? (JSON.parse(match[1]!) as Json) : {};
  const settings = (schema.settings as Json[] | undefined) ?? [];
  const defaults = Object.fromEntries(settings.filter((s) => "default" in s).map((s) => [s.id as string, s.default]));
  return { source: match ? raw.replace(match[0], "") : raw, defaults, schema };
}

function engine(ctx: BlockContext): Liquid {
  const liquid = new Liquid({ root: [path.join(EXTENSION_DIR, "snippets")], extname: ".liquid", strictFilters: true });
  const strings = translations(ctx.locale ?? "en");
  liquid.registerFilter("asset_url", (file: string) => `${ctx.assetBaseUrl}/${file}`);
  // Shopify's `t`: named arguments interpolate {{ name }} (escaped unless the key ends in _html);
  // a `count` argument picks `one`/`other` from a pluralised entry. A missing key shows its name.
  liquid.registerFilter("t", (key: string, ...args: unknown[]) => {
    const named = Object.fromEntries(args.filter((a): a is [string, unknown] => Array.isArray(a) && a.length === 2));
    let entry = lookup(strings, key);
    if (entry && typeof entry === "object") entry = (entry as Json)[named.count === 1 ? "one" : "other"];
    let text = typeof entry === "string" ? entry : `translation missing: ${key}`;
    const raw = key.endsWith("_html");
    for (const [name, value] of Object.entries(named)) {
      const shown = raw ? String(value ?? "") : escapeHtml(String(value ?? ""));
      text = text.replace(new RegExp(`\\{\\{\\s*${name}\\s*\\}\\}`, "g"), () => shown);
    }
    return text;
  });
  const moneyFormat = ctx.shop.moneyFormat ?? `{{amount}} ${ctx.shop.currency}`;
  liquid.registerFilter("money", (cents: unknown) => formatLiquidMoney(Number(cents ?? 0), moneyFormat));
  liquid.registerFilter("money_without_currency", (cents: unknown) => formatLiquidMoney(Number(cents ?? 0), "{{amount}}"));
  // Shopify's `json` is safe inside <script>: no "</script>" can close the element early.
  liquid.registerFilter("json", (value: unknown) =>
    (JSON.stringify(value ?? null) ?? "null").replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026"),
  );
  return liquid;
}

/** Metafields as Liquid sees them: `app.metafields.<namespace>.<key>.value` is the parsed value. */
function metafieldObjects(values: Json | undefined): Json {
  const out: Json = {};
  for (const [namespace, keys] of Object.entries(values ?? {})) {
    out[namespace] = Object.fromEntries(
      Object.entries((keys as Json) ?? {}).map(([key, value]) => [key, { value, type: typeof value === "object" ? "json" : "single_line_text_field" }]),
    );
  }
  return out;
}

function liquidProduct(product: StorefrontProduct | undefined, variantId: string | undefined, currency: string): Json | null {
  if (!product) return null;
  const variants = product.variants.map((v) => ({ id: v.id, title: v.title, price: liquidCents(v.priceMinor, currency), available: true }));
  const selected = variants.find((v) => v.id === variantId) ?? variants[0] ?? null;
  return {
    id: product.id,
    title: product.title,
    handle: product.handle,
    url: `/products/${product.handle}`,
    price: selected?.price ?? 0,
    variants,
    selected_variant: variantId ? selected : null,
    selected_or_first_available_variant: selected,
  };
}

function liquidGlobals(ctx: BlockContext, blockFile: string, settings: Json): Json {
  const locale = ctx.locale ?? "en";
  const c = ctx.customer;
  return {
    shop: { name: ctx.shop.name, permanent_domain: ctx.shop.domain, domain: ctx.shop.domain, currency: ctx.shop.currency, money_format: ctx.shop.moneyFormat ?? `{{amount}} ${ctx.shop.currency}` },
    customer: c ? { id: c.id, email: c.email, first_name: c.firstName, last_name: c.lastName, name: `${c.firstName} ${c.lastName}`.trim() } : null,
    request: { locale: { iso_code: locale, primary: locale === "en", root_url: locale === "en" ? "/" : `/${locale}` }, design_mode: false },
    routes: { root_url: "/", account_url: "/account", account_login_url: "/account/login", account_register_url: "/account/register", cart_url: "/cart" },
    block: { id: `tally-${blockFile.replace(".liquid", "")}`, type: `tally-rewards/${blockFile.replace(".liquid", "")}`, settings, shopify_attributes: "" },
    app: { metafields: metafieldObjects(ctx.appMetafields) },
    product: liquidProduct(ctx.product, ctx.variantId, ctx.shop.currency),
  };
}

/** One block of the extension, rendered with its schema's defaults under `ctx.settings`. */
export async function renderBlock(blockFile: string, ctx: BlockContext): Promise<string> {
  const { source, defaults } = readBlock(blockFile);
  return engine(ctx).parseAndRender(source, liquidGlobals(ctx, blockFile, { ...defaults, ...ctx.settings }));
}

/** What the stand-in's storefront puts on a page: the section block (rewards page or product points) and the app embed. */
export async function renderStorefrontBlocks(input: BlockContext & { page: string; embedSettings?: Json }): Promise<{ section: string; body: string }> {
  const { settings, embedSettings, ...rest } = input;
  const section =
    input.page === "rewards"
      ? await renderBlock("rewards-page.liquid", { ...rest, settings })
      : input.page === "product" && input.product
        ? await renderBlock("product-points.liquid", { ...rest, settings })
        : "";
  const body = await renderBlock("rewards-launcher.liquid", { ...rest, settings: embedSettings ?? settings });
  return { section, body };
}

/** A whole storefront page of a minimal theme with the extension's blocks on it. */
export async function renderStorefrontPage(input: StorefrontPageInput): Promise<string> {
  const locale = input.locale ?? "en";
  const base: BlockContext = {
    shop: input.shop,
    customer: input.customer,
    locale,
    assetBaseUrl: input.assetBaseUrl,
    product: input.product,
    appMetafields: input.appMetafields,
  };
  const settingsOf = (file: string) => input.blockSettings?.[file] ?? {};
  let main: string;
  if (input.page === "product" && input.product) {
    const p = input.product;
    const options = p.variants
      .map((v, i) => `<option value="${escapeHtml(v.id)}"${i === 0 ? " selected" : ""}>${escapeHtml(v.title)} · ${escapeHtml(formatMoney(v.priceMinor, input.shop.currency, input.shop.moneyFormat))}</option>`)
      .join("");
    const points = await renderBlock("product-points.liquid", { ...base, settings: settingsOf("product-points.liquid") });
    main = `<h1>${escapeHtml(p.title)}</h1>
<form method="post" action="/cart/add" class="product-form"><label for="variant">Variant</label> <select id="variant" name="id">${options}</select> <button type="submit">Add to cart</button></form>
${points}`;
  } else if (input.page === "rewards") {
    main = await renderBlock("rewards-page.liquid", { ...base, settings: settingsOf("rewards-page.liquid") });
  } else {
    main = `<h1>${escapeHtml(input.shop.name)}</h1><p>Welcome to our store.</p>`;
  }
  const embed = input.embedSettings === false ? "" : await renderBlock("rewards-launcher.liquid", { ...base, settings: input.embedSettings ?? {} });
  const header = input.headerHtml ?? `<header class="site"><a class="logo" href="/">${escapeHtml(input.shop.name)}</a></header>`;
  const dir = RTL_LOCALES.has(locale) ? ' dir="rtl"' : "";
  return `<!doctype html>
<html lang="${escapeHtml(locale)}"${dir}>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><link rel="icon" href="data:,"><title>${escapeHtml(input.shop.name)}</title>
<style>body{margin:0;font:16px/1.5 Georgia,serif;color:#222;background:#fff}header.site{padding:16px 24px;border-bottom:1px solid #ddd}.logo{font-weight:700;color:#222;text-decoration:none}main{max-width:960px;margin:auto;padding:24px}</style>
</head>
<body>
${header}
<main id="MainContent">
${main}
</main>
${embed}
</body>
</html>
`;
}
