// The storefront side: the theme pages with a "viewing as" switcher, the app proxy, the
// extension's assets, a cart, Shopify's /discount/<code> link and a checkout that places orders
// through the same path as placeOrder.
import { createHash } from "node:crypto";
import fs from "node:fs";
import type http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { applyDiscountCode, type DiscountApplication, resolveCartLines } from "./checkout";
import { cookies, html, json, readBody } from "./http-util";
import { storefrontPage, type StorefrontCart } from "./pages";
import type { CustomerRecord, OrderRecord, ShopRecord, StandinState } from "./state";
import { appProxySignature } from "./tokens";

/** The storefront checkout's one shipping rate (5.00 in the shop currency's minor units). */
export const STOREFRONT_SHIPPING_MINOR = 500n;

export type StorefrontDeps = {
  state: StandinState;
  appUrl: string;
  apiKey: string;
  apiSecret: string;
  now: () => Date;
  shopFromRequest: (req: http.IncomingMessage, url: URL) => ShopRecord | undefined;
  placeOrder: (shop: string, input: { customerId: string | null; lines: Array<{ variantId: string; quantity: number }>; shippingMinor: bigint; discountCodes: string[] }) => Promise<OrderRecord>;
};

export function storefrontRoutes(deps: StorefrontDeps) {
  const { state, apiKey, apiSecret, now, shopFromRequest } = deps;
  const carts = new Map<string, StorefrontCart>();
  const cartFor = (req: http.IncomingMessage, shop: ShopRecord) => {
    const key = `${shop.domain}:${cookies(req).tally_cart ?? "none"}`;
    const cart = carts.get(key) ?? { lines: [], code: null, message: null };
    carts.set(key, cart);
    return cart;
  };
  // A cookie or query value that is not a customer of this shop means a guest.
  const customerOf = (shop: ShopRecord, id: string | null | undefined): CustomerRecord | undefined => (id && /^\d+$/.test(id) ? shop.customers.get(BigInt(id)) : undefined);

  /** Answers a storefront request; anything it does not know is a 404, as the last route. */
  return async function storefront(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<unknown> {
    const p = url.pathname;
    const method = req.method ?? "GET";
    const shop = shopFromRequest(req, url) ?? state.shops.get(cookies(req).tally_shop ?? "");
    if (p === "/storefront" || p === "/" || p.startsWith("/products/") || p === "/pages/rewards") {
      if (!shop) return html(res, "<h1>Choose a shop: /storefront?shop=…</h1>", 404);
      // ?as=<customer id>|guest switches who is "logged in"; otherwise the cookie decides.
      const as = url.searchParams.get("as");
      const customer = customerOf(shop, as !== null ? as : cookies(req).tally_customer);
      const cart = cartFor(req, shop);
      const page = await storefrontPage({
        shop,
        customer: customer ?? null,
        cart,
        path: p,
        proxyBase: "/apps/tally",
        appUrl: deps.appUrl,
        apiKey,
        locale: url.searchParams.get("locale") ?? cookies(req).tally_locale ?? "en",
        embed: url.searchParams.get("embed") !== "0",
      });
      res.writeHead(200, {
        "Content-Type": "text/html; charset=utf-8",
        "Set-Cookie": [`tally_shop=${encodeURIComponent(shop.domain)}; Path=/`, `tally_customer=${customer ? customer.id : ""}; Path=/`, `tally_cart=${cookies(req).tally_cart ?? Math.random().toString(36).slice(2)}; Path=/`, `tally_locale=${url.searchParams.get("locale") ?? cookies(req).tally_locale ?? "en"}; Path=/`],
      } as unknown as http.OutgoingHttpHeaders);
      return res.end(page);
    }

    if (p.startsWith("/apps/tally")) {
      if (!shop) return json(res, 404, { error: "unknown shop" });
      const target = new URL(`${deps.appUrl}/proxy${p.slice("/apps/tally".length)}`);
      for (const [k, v] of url.searchParams) if (!["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"].includes(k)) target.searchParams.append(k, v);
      target.searchParams.set("shop", shop.domain);
      target.searchParams.set("logged_in_customer_id", customerOf(shop, cookies(req).tally_customer)?.id.toString() ?? "");
      target.searchParams.set("path_prefix", "/apps/tally");
      target.searchParams.set("timestamp", String(Math.floor(now().getTime() / 1000)));
      target.searchParams.set("signature", appProxySignature(target.searchParams, apiSecret));
      const body = method === "GET" || method === "HEAD" ? undefined : await readBody(req);
      const forward: Record<string, string> = {};
      for (const h of ["content-type", "idempotency-key", "accept", "accept-language"]) {
        const v = req.headers[h];
        if (typeof v === "string") forward[h] = v;
      }
      // Shopify's proxy tells the app the shopper's address (the app limits requests per client).
      if (req.socket.remoteAddress) forward["x-forwarded-for"] = req.socket.remoteAddress.replace(/^::ffff:/, "");
      const response = await fetch(target, { method, headers: forward, body, redirect: "manual" });
      const headers: Record<string, string> = {};
      response.headers.forEach((v, k) => {
        if (!["content-encoding", "content-length", "transfer-encoding", "connection"].includes(k)) headers[k] = v;
      });
      res.writeHead(response.status, headers);
      // Streamed back as it arrives, like Shopify's proxy.
      if (!response.body) return res.end();
      const reader = response.body.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) res.write(chunk.value);
      return res.end();
    }

    if (p.startsWith("/extensions/assets/")) return serveExtensionAsset(req, res, path.basename(p));

    if (!shop) return html(res, "<h1>Not found</h1>", 404);
    const cart = cartFor(req, shop);
    const back = (location: string) => {
      res.writeHead(303, { Location: location });
      res.end();
    };
    if (p === "/cart/add" && method === "POST") {
      const form = new URLSearchParams(await readBody(req));
      const variantId = form.get("id") ?? "";
      const quantity = Number(form.get("quantity") ?? 1);
      if (!/^\d+$/.test(variantId) || !shop.products.some((pr) => pr.variants.some((v) => v.id === BigInt(variantId)))) return json(res, 404, { status: 404, message: "Cart Error", description: "Cannot find variant" });
      if (!Number.isInteger(quantity) || quantity < 1) return json(res, 422, { status: 422, message: "Cart Error", description: "Quantity must be a positive integer" });
      const existing = cart.lines.find((l) => l.variantId === variantId);
      if (existing) existing.quantity += quantity;
      else cart.lines.push({ variantId, quantity });
      return back("/cart");
    }
    const discountLink = /^\/discount\/([^/]+)$/.exec(p);
    if (discountLink) {
      cart.code = decodeURIComponent(discountLink[1]!);
      cart.message = null;
      return back(url.searchParams.get("redirect") ?? "/cart");
    }
    if (p === "/cart" || p === "/checkout") {
      const customerId = customerOf(shop, cookies(req).tally_customer)?.id ?? null;
      if (method === "POST") {
        const form = new URLSearchParams(await readBody(req));
        if (form.has("code")) cart.code = form.get("code") || null;
        if (form.get("action") === "place") {
          if (!cart.lines.length) return back("/cart");
          // The same path as placeOrder: codes validated like checkout, orders/paid sent.
          try {
            const order = await deps.placeOrder(shop.domain, {
              customerId: customerId?.toString() ?? null,
              lines: cart.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
              shippingMinor: STOREFRONT_SHIPPING_MINOR,
              discountCodes: cart.code ? [cart.code] : [],
            });
            cart.lines = [];
            cart.code = null;
            cart.message = `Thank you! Order ${order.name} is confirmed.`;
          } catch (error) {
            cart.message = (error as Error).message;
          }
          return back("/cart");
        }
        return back("/cart");
      }
      let preview: DiscountApplication | null = null;
      if (cart.code && cart.lines.length) {
        preview = applyDiscountCode(shop, cart.code, { customerId, lines: resolveCartLines(shop, cart.lines.map((l) => ({ variantId: BigInt(l.variantId), quantity: l.quantity }))), shippingMinor: STOREFRONT_SHIPPING_MINOR }, now());
      }
      const customer = customerId !== null ? shop.customers.get(customerId) : undefined;
      return html(res, await storefrontPage({ shop, customer: customer ?? null, cart, path: "/cart", proxyBase: "/apps/tally", appUrl: deps.appUrl, apiKey, preview }));
    }
    return html(res, "<h1>Not found</h1>", 404);
  };
}

const ASSET_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".woff2": "font/woff2",
};

/** The theme extension's assets, as Shopify's CDN serves them: typed, cacheable, gzip when accepted. */
function serveExtensionAsset(req: http.IncomingMessage, res: http.ServerResponse, file: string) {
  const full = path.resolve(import.meta.dirname, "../../extensions/tally-rewards/assets", file);
  if (!fs.existsSync(full) || !fs.statSync(full).isFile()) return html(res, "not found", 404);
  const body = fs.readFileSync(full);
  const etag = `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`;
  const type = ASSET_TYPES[path.extname(full)] ?? "application/octet-stream";
  const headers: Record<string, string> = { "Content-Type": type, "Cache-Control": "public, max-age=300", ETag: etag, Vary: "Accept-Encoding", "Access-Control-Allow-Origin": "*" };
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, headers);
    return res.end();
  }
  const compressible = /^(text\/|application\/json|image\/svg)/.test(type);
  if (compressible && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
    const gz = zlib.gzipSync(body);
    res.writeHead(200, { ...headers, "Content-Encoding": "gzip", "Content-Length": String(gz.length) });
    return res.end(gz);
  }
  res.writeHead(200, { ...headers, "Content-Length": String(body.length) });
  return res.end(body);
}

