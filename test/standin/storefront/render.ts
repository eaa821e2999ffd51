// Renders the theme app extension's blocks the way a Shopify theme would, with liquidjs: the
// `customer`, `shop`, `request`, `routes`, `product`, `block` and `app` objects and the filters the
// blocks use (`asset_url`, `t`, plus liquidjs's standard ones). Used by the stand-in storefront and
// by the extension's tests.
import fs from "node:fs";
import path from "node:path";
import { Liquid } from "liquidjs";

export const EXTENSION_DIR = path.resolve(import.meta.dirname, "../../../extensions/tally-rewards");

type Json = Record<string, unknown>;

export type StorefrontCustomer = { id: string; email: string; firstName: string; lastName: string };
export type RenderContext = {
  shop: { domain: string; name: string; currency: string };
  customer: StorefrontCustomer | null;
  locale?: string;
  assetBaseUrl: string;
  settings?: Json;
  product?: { id: string; title: string; handle: string; variants: Array<{ id: string; title: string; priceMinor: number }> };
  appMetafields?: Json;
};

function translations(locale: string): Json {
  const read = (file: string) => (fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Json) : {});
  const fallback = read(path.join(EXTENSION_DIR, "locales/en.default.json"));
  return locale === "en" ? fallback : deepMerge(fallback, read(path.join(EXTENSION_DIR, `locales/${locale}.json`)));
}

function deepMerge(a: Json, b: Json): Json {
  const out: Json = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = v && typeof v === "object" && !Array.isArray(v) ? deepMerge((a[k] as Json) ?? {}, v as Json) : v;
  return out;
}

function lookup(tree: Json, key: string): string | undefined {
  const value = key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Json)[part] : undefined), tree);
  return typeof value === "string" ? value : undefined;
}

/** A block's source without its {% schema %}, and the schema's setting defaults. */
export function readBlock(file: string): { source: string; defaults: Json; schema: Json } {
  const raw = fs.readFileSync(path.join(EXTENSION_DIR, "blocks", file), "utf8");
  const match = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/.exec(raw);
  const schema = match ? (JSON.parse(match[1]!) as Json) : {};
  const defaults = Object.fromEntries(((schema.settings as Json[]) ?? []).filter((s) => "default" in s).map((s) => [s.id as string, s.default]));
  return { source: match ? raw.replace(match[0], "") : raw, defaults, schema };
}

function engine(ctx: RenderContext) {
  const liquid = new Liquid({ root: [path.join(EXTENSION_DIR, "snippets")], extname: ".liquid", strictFilters: true });
  const strings = translations(ctx.locale ?? "en");
  liquid.registerFilter("asset_url", (file: string) => `${ctx.assetBaseUrl}/${file}`);
  liquid.registerFilter("t", (key: string, ...args: unknown[]) => {
    let text = lookup(strings, key) ?? key;
    for (const arg of args) {
      if (Array.isArray(arg) && arg.length === 2) text = text.replaceAll(new RegExp(`{{\\s*${String(arg[0])}\\s*}}`, "g"), String(arg[1] ?? ""));
    }
    return text;
  });
  return liquid;
}

function globals(ctx: RenderContext, blockFile: string, settings: Json) {
  const locale = ctx.locale ?? "en";
  const variant = ctx.product?.variants[0];
  return {
    shop: { name: ctx.shop.name, permanent_domain: ctx.shop.domain, currency: ctx.shop.currency },
    customer: ctx.customer ? { id: ctx.customer.id, email: ctx.customer.email, first_name: ctx.customer.firstName, last_name: ctx.customer.lastName } : null,
    request: { locale: { iso_code: locale }, design_mode: false },
    routes: { account_login_url: "/account/login", account_register_url: "/account/register", cart_url: "/cart", root_url: "/" },
    block: { id: `tally-${blockFile.replace(".liquid", "")}`, settings },
    app: { metafields: ctx.appMetafields ?? {} },
    product: ctx.product
      ? { id: ctx.product.id, title: ctx.product.title, handle: ctx.product.handle, selected_or_first_available_variant: variant ? { id: variant.id, title: variant.title, price: variant.priceMinor } : null }
      : null,
  };
}

export async function renderBlock(blockFile: string, ctx: RenderContext): Promise<string> {
  const { source, defaults } = readBlock(blockFile);
  return engine(ctx).parseAndRender(source, globals(ctx, blockFile, { ...defaults, ...ctx.settings }));
}

/** What the stand-in's storefront puts on a page: the app embed, and the rewards page block on /pages/rewards. */
export async function renderStorefrontBlocks(input: RenderContext & { page: string }): Promise<{ section: string; body: string }> {
  const section = input.page === "rewards" ? await renderBlock("rewards-page.liquid", input) : input.page === "product" ? await renderBlock("product-points.liquid", input) : "";
  const body = await renderBlock("rewards-launcher.liquid", input);
  return { section, body };
}
