// The local Shopify stand-in: Admin GraphQL on Shopify's real schema, token exchange, webhooks
// signed like Shopify's, an admin shell that embeds the app with a session token, a storefront
// with the app proxy, cart and checkout. Used by `npm run demo` and by the tests (in-process,
// random port, fresh state). See docs/standin.md for what it emulates and what it does not.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { allocate, applyDiscountCodes, createOrder, resolveCartLines } from "./checkout";
import { executeAdminGraphql, type FailureKind, type FailureRule } from "./graphql";
import { gid, nextId } from "./ids";
import { compliancePayload, customerPayload, decimal, orderPayload, refundPayload, shopPayload } from "./payloads";
import { type CustomerRecord, type DiscountRecord, loadStateJson, type OrderRecord, orderTotal, type RefundRecord, type ShopRecord, StandinState, stateToJson } from "./state";
import { signSessionToken, verifySessionToken } from "./tokens";
import { type DeliveryRecord, readSubscriptions, WebhookSender } from "./webhooks";
import { html, json, readBody } from "./http-util";
import { adminShellPage, ordersPage } from "./pages";
import { storefrontRoutes } from "./storefront-routes";

export const DEV_API_KEY = "tally-rewards-dev";
export const DEV_API_SECRET = "tally-rewards-dev-secret";
const SCOPES = (() => {
  const toml = fs.readFileSync(path.resolve(import.meta.dirname, "../../shopify.app.toml"), "utf8");
  return /scopes\s*=\s*"([^"]*)"/.exec(toml)?.[1] ?? "";
})();

export type StandinOptions = {
  appUrl: string;
  apiKey?: string;
  apiSecret?: string;
  port?: number;
  host?: string;
  webhookRetryDelaysMs?: number[];
  now?: () => Date;
  /**
   * Keeps the state in this JSON file: loaded at start when it exists, written (whole, atomically)
   * within half a second of any change and on close. The demo's Shopify survives a restart, tokens,
   * customers, orders and discount codes included. Unset (tests): in memory only.
   */
  stateFile?: string;
};

export type PlaceOrderInput = {
  customerId?: string | null;
  email?: string | null;
  lines: Array<{
    title?: string;
    priceMinor?: bigint;
    quantity?: number;
    productId?: string;
    variantId?: string;
    giftCard?: boolean;
    /** Collection ids (numeric or GID) of a made-up product for this line. */
    collectionIds?: string[];
    /** Tags of a made-up product for this line. */
    productTags?: string[];
    taxMinor?: bigint;
  }>;
  shippingMinor?: bigint;
  /** Order tax, spread over the lines (in addition to any per-line taxMinor). */
  taxMinor?: bigint;
  discountCodes?: string[];
  currency?: string;
  presentmentCurrency?: string;
  sourceName?: "web" | "pos";
  processedAt?: Date;
  /** pending: placed but not paid yet (cash on delivery, bank transfer): orders/create only. */
  financialStatus?: "pending" | "paid";
  webhooks?: boolean;
};

export type Standin = Awaited<ReturnType<typeof startStandin>>;

export async function startStandin(options: StandinOptions) {
  const apiKey = options.apiKey ?? DEV_API_KEY;
  const apiSecret = options.apiSecret ?? DEV_API_SECRET;
  const now = options.now ?? (() => new Date());
  const state = new StandinState(now);
  const persistence = options.stateFile ? persistState(state, options.stateFile) : null;
  const failures: FailureRule[] = [];
  const webhooks = new WebhookSender({
    appUrl: options.appUrl,
    apiSecret,
    subscriptions: readSubscriptions(),
    retryDelaysMs: options.webhookRetryDelaysMs ?? [200, 1000, 3000],
    now,
  });
  let baseUrl = "";

  const shopFromRequest = (req: http.IncomingMessage, url: URL): ShopRecord | undefined => {
    const forwarded = req.headers["x-forwarded-host"];
    const host = (Array.isArray(forwarded) ? forwarded[0] : forwarded) ?? url.searchParams.get("shop") ?? req.headers.host ?? "";
    return state.shops.get(host.split(":")[0]!);
  };
  const shopByName = (name: string) => [...state.shops.values()].find((s) => s.domain === `${name}.myshopify.com` || s.domain.split(".")[0] === name);

  // -------------------------------------------------------------------------------------------
  // Operations (tests and the demo call these; the shell and storefront use them too).

  const api = {
    state,
    get url() {
      return baseUrl;
    },
    webhooks: {
      log: webhooks.log as readonly DeliveryRecord[],
      pause: () => webhooks.pause(),
      resume: (opts?: { shuffle?: boolean }) => webhooks.resume(opts),
      settle: () => webhooks.settle(),
    },

    createShop(input: Parameters<StandinState["createShop"]>[0] = {}) {
      return state.createShop(input);
    },

    /** Gives the app an offline token for the shop, as a completed token exchange would. */
    installApp(shopDomain: string) {
      return { accessToken: state.issueAccessToken(state.shop(shopDomain), SCOPES) };
    },

    sessionToken(shopDomain: string, opts: { userId?: string; expiresInS?: number } = {}) {
      return signSessionToken({ shop: shopDomain, apiKey, apiSecret, now: now(), ...opts });
    },

    adminUrl(shopDomain: string, page = "") {
      return `${baseUrl}/admin/store/${shopDomain.replace(/\.myshopify\.com$/, "")}/apps/tally${page ? `/${page}` : ""}`;
    },

    storefrontUrl(shopDomain: string, as?: string) {
      return `${baseUrl}/storefront?shop=${encodeURIComponent(shopDomain)}${as ? `&as=${encodeURIComponent(as)}` : ""}`;
    },

    /** Adds a customer (with a big numeric id unless `id` is given) and fires customers/create. */
    async createCustomer(shopDomain: string, input: { email?: string; firstName?: string; lastName?: string; tags?: string[]; id?: string } = {}, opts: { webhook?: boolean } = {}) {
      const shop = state.shop(shopDomain);
      const customer = state.addCustomer(shop, input);
      if (opts.webhook !== false) webhooks.deliver(shop.domain, "customers/create", customerPayload(shop, customer));
      return customer;
    },

    async updateCustomer(shopDomain: string, id: string, patch: Partial<Pick<CustomerRecord, "email" | "firstName" | "lastName" | "tags" | "emailMarketingState" | "note">>) {
      const shop = state.shop(shopDomain);
      const customer = shop.customers.get(BigInt(id));
      if (!customer) throw new Error(`stand-in: no customer ${id}`);
      Object.assign(customer, patch, { updatedAt: now() });
      webhooks.deliver(shop.domain, "customers/update", customerPayload(shop, customer, "customers/update"));
      return customer;
    },

    /** Places an order (orders/create if subscribed, then orders/paid unless it is left unpaid). Codes are validated like checkout. */
    async placeOrder(shopDomain: string, input: PlaceOrderInput): Promise<OrderRecord> {
      const shop = state.shop(shopDomain);
      const customerId = input.customerId ? BigInt(input.customerId) : null;
      const customer = customerId !== null ? shop.customers.get(customerId) : undefined;
      if (customerId !== null && !customer) throw new Error(`stand-in: no customer ${customerId}`);
      const lines = input.lines.map((l) => {
        const quantity = l.quantity ?? 1;
        if (!Number.isInteger(quantity) || quantity < 1) throw new Error(`stand-in: quantity must be a positive integer, got ${quantity}`);
        if (l.variantId) {
          const [resolved] = resolveCartLines(shop, [{ variantId: BigInt(l.variantId), quantity }]);
          return { ...resolved!, ...(l.priceMinor !== undefined ? { priceMinor: l.priceMinor } : {}), taxMinor: l.taxMinor };
        }
        // A line described by the test: an existing product, or one made up with its tags and
        // collections, so that Admin API lookups (nodes(ids:)) answer for it like Shopify would.
        const product = l.productId ? shop.products.find((p) => p.id === BigInt(l.productId!)) : l.collectionIds || l.productTags ? state.addAdHocProduct(shop, l) : undefined;
        if (l.productId && !product) throw new Error(`stand-in: no product ${l.productId}`);
        const priceMinor = l.priceMinor ?? product?.variants[0]?.priceMinor ?? 1000n;
        if (priceMinor < 0n) throw new Error("stand-in: priceMinor must not be negative");
        return {
          title: l.title ?? product?.title ?? "Custom item",
          priceMinor,
          quantity,
          productId: product?.id ?? null,
          variantId: product?.variants[0]?.id ?? null,
          giftCard: l.giftCard ?? product?.giftCard ?? false,
          collectionIds: product?.collectionIds ?? [],
          taxMinor: l.taxMinor,
        };
      });
      // An order-level tax is spread over the lines in proportion to their totals.
      if (input.taxMinor !== undefined) {
        const shares = allocate(input.taxMinor, lines.map((l) => l.priceMinor * BigInt(l.quantity)));
        lines.forEach((l, i) => (l.taxMinor = (l.taxMinor ?? 0n) + shares[i]!));
      }
      const cartLines = lines.map((l) => ({ productId: l.productId ?? 0n, variantId: l.variantId ?? 0n, title: l.title, quantity: l.quantity, priceMinor: l.priceMinor, giftCard: l.giftCard, collectionIds: l.collectionIds }));
      const codes = applyDiscountCodes(shop, input.discountCodes ?? [], { customerId, lines: cartLines, shippingMinor: input.shippingMinor ?? 0n }, now());
      if (!codes.ok) throw new Error(codes.message);
      const order = createOrder(
        shop,
        {
          customerId,
          email: input.email ?? customer?.email ?? null,
          lines,
          shippingMinor: input.shippingMinor ?? 0n,
          discounts: codes.applied,
          currency: input.currency,
          presentmentCurrency: input.presentmentCurrency,
          sourceName: input.sourceName,
          processedAt: input.processedAt,
          financialStatus: input.financialStatus,
        },
        now(),
      );
      if (input.webhooks !== false) {
        webhooks.deliver(shop.domain, "orders/create", orderPayload(shop, order, "orders/create"));
        if (order.financialStatus === "paid") webhooks.deliver(shop.domain, "orders/paid", orderPayload(shop, order, "orders/paid"));
      }
      return order;
    },

    async fulfillOrder(shopDomain: string, orderId: string) {
      const shop = state.shop(shopDomain);
      const order = shop.orders.get(BigInt(orderId));
      if (!order) throw new Error(`stand-in: no order ${orderId}`);
      order.fulfillmentStatus = "fulfilled";
      order.updatedAt = now();
      webhooks.deliver(shop.domain, "orders/fulfilled", orderPayload(shop, order, "orders/fulfilled"));
      return order;
    },

    /** Refunds lines (by quantity), shipping, or a custom amount; fires refunds/create. */
    async refundOrder(
      shopDomain: string,
      orderId: string,
      input: { lines?: Array<{ lineItemId: string; quantity: number }>; shippingMinor?: bigint; amountMinor?: bigint; note?: string; webhooks?: boolean } = {},
    ): Promise<RefundRecord> {
      const shop = state.shop(shopDomain);
      const order = shop.orders.get(BigInt(orderId));
      if (!order) throw new Error(`stand-in: no order ${orderId}`);
      const lines = (input.lines ?? []).map((l) => {
        const line = order.lines.find((x) => x.id === BigInt(l.lineItemId));
        if (!line) throw new Error(`stand-in: order ${orderId} has no line ${l.lineItemId}`);
        const already = order.refunds.flatMap((r) => r.lines).filter((r) => r.lineItemId === line.id).reduce((s, r) => s + r.quantity, 0);
        if (already + l.quantity > line.quantity) throw new Error(`stand-in: line ${l.lineItemId} has only ${line.quantity - already} left to refund`);
        const q = BigInt(l.quantity);
        const n = BigInt(line.quantity);
        return {
          id: nextId("RefundLineItem"),
          lineItemId: line.id,
          quantity: l.quantity,
          subtotalMinor: ((line.priceMinor * n - line.discountMinor) * q) / n,
          taxMinor: (line.taxMinor * q) / n,
        };
      });
      const shipping = input.shippingMinor ?? 0n;
      const refund: RefundRecord = {
        id: nextId("Refund"),
        orderId: order.id,
        createdAt: now(),
        note: input.note ?? null,
        lines,
        shippingMinor: shipping,
        amountMinor: input.amountMinor ?? lines.reduce((s, l) => s + l.subtotalMinor + l.taxMinor, 0n) + shipping,
      };
      order.refunds.push(refund);
      const refunded = order.refunds.reduce((s, r) => s + r.amountMinor, 0n);
      order.financialStatus = refunded >= orderTotal(order) ? "refunded" : "partially_refunded";
      order.updatedAt = now();
      if (input.webhooks !== false) {
        webhooks.deliver(shop.domain, "refunds/create", refundPayload(shop, order, refund));
        webhooks.deliver(shop.domain, "orders/updated", orderPayload(shop, order, "orders/updated"));
      }
      return refund;
    },

    async cancelOrder(shopDomain: string, orderId: string, opts: { reason?: string; refund?: boolean; webhooks?: boolean } = {}) {
      const shop = state.shop(shopDomain);
      const order = shop.orders.get(BigInt(orderId));
      if (!order) throw new Error(`stand-in: no order ${orderId}`);
      if (opts.refund) {
        const left = order.lines
          .map((l) => ({ lineItemId: l.id.toString(), quantity: l.quantity - order.refunds.flatMap((r) => r.lines).filter((r) => r.lineItemId === l.id).reduce((s, r) => s + r.quantity, 0) }))
          .filter((l) => l.quantity > 0);
        if (left.length) await api.refundOrder(shopDomain, orderId, { lines: left, shippingMinor: order.shippingPriceMinor - order.shippingDiscountMinor, webhooks: opts.webhooks });
      }
      order.cancelledAt = now();
      order.cancelReason = opts.reason ?? "customer";
      order.updatedAt = now();
      if (opts.webhooks !== false) webhooks.deliver(shop.domain, "orders/cancelled", orderPayload(shop, order, "orders/cancelled"));
      return order;
    },

    async uninstallApp(shopDomain: string) {
      const shop = state.shop(shopDomain);
      shop.accessTokens.clear();
      webhooks.deliver(shop.domain, "app/uninstalled", shopPayload(shop));
    },

    async sendCompliance(shopDomain: string, topic: "customers/data_request" | "customers/redact" | "shop/redact", customerId?: string) {
      const shop = state.shop(shopDomain);
      const customer = customerId ? shop.customers.get(BigInt(customerId)) : undefined;
      return webhooks.deliver(shop.domain, topic, compliancePayload(shop, topic, customer));
    },

    /** Delivers any payload (object or raw string) as a webhook, e.g. to replay or duplicate. */
    deliver(shopDomain: string, topic: string, payload: unknown, opts: { webhookId?: string; duplicate?: boolean } = {}) {
      return webhooks.deliver(shopDomain, topic, payload, opts);
    },

    orderPayload(shopDomain: string, orderId: string, topic = "orders/paid") {
      const shop = state.shop(shopDomain);
      return orderPayload(shop, shop.orders.get(BigInt(orderId))!, topic);
    },

    discountCodes(shopDomain: string): DiscountRecord[] {
      return [...state.shop(shopDomain).discounts.values()];
    },

    findDiscountCode(shopDomain: string, code: string): DiscountRecord | undefined {
      return api.discountCodes(shopDomain).find((d) => d.code.toUpperCase() === code.toUpperCase());
    },

    failNext(match: { operation?: string; times?: number }, kind: FailureKind) {
      failures.push({ operation: match.operation, times: match.times ?? 1, kind });
    },

    setThrottle(shopDomain: string, bucket: { maximumAvailable: number; restoreRate: number; currentlyAvailable?: number }) {
      const shop = state.shop(shopDomain);
      shop.bucket = { maximumAvailable: bucket.maximumAvailable, restoreRate: bucket.restoreRate, available: bucket.currentlyAvailable ?? bucket.maximumAvailable, updatedAt: now().getTime() };
    },

    async close() {
      persistence?.stop();
      webhooks.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };

  // -------------------------------------------------------------------------------------------
  // HTTP

  const storefront = storefrontRoutes({
    state,
    appUrl: options.appUrl,
    apiKey,
    apiSecret,
    now,
    shopFromRequest,
    placeOrder: (shop, input) => api.placeOrder(shop, input),
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", baseUrl);
    const p = url.pathname;
    const method = req.method ?? "GET";

    // Admin GraphQL
    const gql = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(p);
    if (gql) {
      if (gql[1] !== "2026-10") return json(res, 404, { errors: "Not Found" });
      const shop = shopFromRequest(req, url);
      const token = req.headers["x-shopify-access-token"];
      if (!shop || typeof token !== "string" || !shop.accessTokens.has(token)) {
        return json(res, 401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(await readBody(req)) as Record<string, unknown>;
      } catch {
        return json(res, 400, { errors: "Invalid JSON" });
      }
      const emit = (topic: "customers/update", customer: CustomerRecord) => webhooks.deliver(shop.domain, topic, customerPayload(shop, customer, topic));
      const result = await executeAdminGraphql({ state, shop, apiKey, emit }, body, failures);
      if (result.dropConnection) return req.socket.destroy();
      return json(res, result.status, result.body);
    }

    // Token exchange
    if (p === "/admin/oauth/access_token" && method === "POST") {
      const shop = shopFromRequest(req, url);
      let body: Record<string, string> = {};
      try {
        body = JSON.parse(await readBody(req)) as Record<string, string>;
      } catch {
        return json(res, 400, { error: "invalid_request", error_description: "Body must be JSON" });
      }
      // Shopify's OAuth errors: { error, error_description }.
      const oauthError = (status: number, error: string, description: string) => json(res, status, { error, error_description: description });
      if (body.client_id !== apiKey || body.client_secret !== apiSecret) return oauthError(401, "invalid_client", "Client credentials are invalid");
      if (body.grant_type !== "urn:ietf:params:oauth:grant-type:token-exchange") return oauthError(400, "unsupported_grant_type", "The grant type is not supported");
      if (body.subject_token_type !== "urn:ietf:params:oauth:token-type:id_token") return oauthError(400, "invalid_request", "subject_token_type must be an id token");
      if (body.requested_token_type !== "urn:shopify:params:oauth:token-type:offline-access-token") {
        // Online tokens are not emulated (the app uses offline tokens only).
        return oauthError(400, "invalid_request", "The stand-in issues offline access tokens only");
      }
      const verified = verifySessionToken(body.subject_token ?? "", apiKey, apiSecret, now());
      if (!shop || !verified || verified.shop !== shop.domain) return oauthError(400, "invalid_subject_token", "The subject token is invalid or expired");
      const token = state.issueAccessToken(shop, SCOPES);
      return json(res, 200, { access_token: token, scope: SCOPES });
    }

    if (p === "/admin/session-token") {
      const shop = state.shops.get(url.searchParams.get("shop") ?? "");
      if (!shop) return json(res, 404, { error: "unknown shop" }, { "Access-Control-Allow-Origin": "*" });
      return json(res, 200, { token: api.sessionToken(shop.domain) }, { "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store" });
    }

    if (p === "/admin/resources") {
      const shop = state.shops.get(url.searchParams.get("shop") ?? "");
      if (!shop) return json(res, 404, { error: "unknown shop" }, { "Access-Control-Allow-Origin": "*" });
      const type = url.searchParams.get("type");
      const items =
        type === "collection"
          ? shop.collections.map((c) => ({ id: gid("Collection", c.id), title: c.title, handle: c.handle }))
          : shop.products.map((pr) => ({ id: gid("Product", pr.id), title: pr.title, handle: pr.handle, variants: pr.variants.map((v) => ({ id: gid("ProductVariant", v.id), title: v.title, price: decimal(v.priceMinor, shop.currency) })) }));
      return json(res, 200, items, { "Access-Control-Allow-Origin": "*" });
    }

    if (p === "/app-bridge.js") {
      res.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8", "Access-Control-Allow-Origin": "*", "Cache-Control": "no-cache" });
      return res.end(fs.readFileSync(path.join(import.meta.dirname, "shell/app-bridge.js"), "utf8").replaceAll("__STANDIN_URL__", baseUrl));
    }

    // Shopify admin's own entry, /admin?shop=<domain>: straight to the app's page in the shell.
    if (p === "/admin" || p === "/admin/") {
      const shop = state.shops.get(url.searchParams.get("shop") ?? "");
      if (!shop) return html(res, "<h1>Unknown shop</h1>", 404);
      res.writeHead(302, { Location: api.adminUrl(shop.domain).slice(baseUrl.length) });
      return res.end();
    }

    // Admin shell and its orders page
    const admin = /^\/admin\/store\/([^/]+)\/(apps\/tally(?:\/(.*))?|orders)(?:\/([^/]+)\/(refund|cancel))?$/.exec(p);
    if (admin) {
      const shop = shopByName(admin[1]!);
      if (!shop) return html(res, "<h1>Unknown shop</h1>", 404);
      if (admin[2] === "orders") {
        if (method === "POST" && admin[4]) {
          const orderId = admin[4];
          const order = shop.orders.get(BigInt(orderId));
          if (order && admin[5] === "cancel") await api.cancelOrder(shop.domain, orderId, { refund: true });
          if (order && admin[5] === "refund") {
            const line = order.lines[0]!;
            await api.refundOrder(shop.domain, orderId, { lines: [{ lineItemId: line.id.toString(), quantity: 1 }] });
          }
          res.writeHead(303, { Location: `/admin/store/${admin[1]}/orders` });
          return res.end();
        }
        return html(res, ordersPage(shop));
      }
      const host = Buffer.from(`admin.shopify.com/store/${admin[1]}`).toString("base64url");
      const appPath = admin[3] ? `/app/${admin[3]}` : "/app";
      const params = new URLSearchParams({ embedded: "1", shop: shop.domain, host, id_token: api.sessionToken(shop.domain), locale: "en" });
      return html(res, adminShellPage({ shop, appSrc: `${options.appUrl}${appPath}?${params}`, storefrontUrl: api.storefrontUrl(shop.domain), ordersUrl: `/admin/store/${admin[1]}/orders` }));
    }

    // Storefront, app proxy, cart and checkout (and 404 for anything else)
    return storefront(req, res, url);
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { errors: (error as Error).message });
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}

/** Loads `file` into the state if it exists, then writes it whenever the state's JSON changed. */
function persistState(state: StandinState, file: string) {
  let written = "";
  if (fs.existsSync(file)) {
    written = fs.readFileSync(file, "utf8");
    loadStateJson(state, written);
  }
  const save = () => {
    const text = stateToJson(state);
    if (text === written) return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.tmp`, text);
    fs.renameSync(`${file}.tmp`, file);
    written = text;
  };
  // A comparison of the serialized state every half second: every path that changes it (API
  // calls, checkouts, the operations the demo and tests call) is covered without hooks in each.
  const timer = setInterval(save, 500);
  timer.unref();
  return {
    save,
    stop() {
      clearInterval(timer);
      save();
    },
  };
}

export { gid };
export type { CustomerRecord, DiscountRecord, OrderRecord, ProductRecord, RefundRecord, ShopRecord } from "./state";
export type { DeliveryRecord } from "./webhooks";
export type { FailureKind } from "./graphql";
