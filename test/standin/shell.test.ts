// The stand-in's admin side (shell, session tokens, token exchange, App Bridge script, orders
// page) and storefront plumbing (app proxy, extension assets).
import { gunzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEV_API_KEY, DEV_API_SECRET, type Standin } from "./index";
import { type Receiver, standinWithReceiver } from "./test-helpers";
import { appProxySignature, signSessionToken, verifySessionToken } from "./tokens";

let standin: Standin;
let receiver: Receiver;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ standin, receiver, close } = await standinWithReceiver({ webhookRetryDelaysMs: [] }));
});
afterAll(() => close());
afterEach(() => {
  receiver.received.length = 0;
});

describe("token exchange", () => {
  const exchange = (shop: string, over: Record<string, string> = {}) =>
    fetch(`${standin.url}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-Host": shop },
      body: JSON.stringify({
        client_id: DEV_API_KEY,
        client_secret: DEV_API_SECRET,
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: standin.sessionToken(shop),
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
        ...over,
      }),
    });

  it("issues a token that works on the Admin API of that shop only", async () => {
    const a = standin.createShop();
    const b = standin.createShop();
    const { access_token } = (await (await exchange(a.domain)).json()) as { access_token: string };
    const ask = (shop: string) =>
      fetch(`${standin.url}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": access_token, "X-Forwarded-Host": shop },
        body: JSON.stringify({ query: "query { shop { myshopifyDomain } }" }),
      });
    expect(await (await ask(a.domain)).json()).toMatchObject({ data: { shop: { myshopifyDomain: a.domain } } });
    expect((await ask(b.domain)).status).toBe(401);
  });

  it("refuses an expired token, a token for another shop or app, a wrong secret and an online-token request", async () => {
    const shop = standin.createShop();
    const other = standin.createShop();
    const old = signSessionToken({ shop: shop.domain, apiKey: DEV_API_KEY, apiSecret: DEV_API_SECRET, now: new Date(Date.now() - 5 * 60_000) });
    const otherApp = signSessionToken({ shop: shop.domain, apiKey: "another-app", apiSecret: DEV_API_SECRET });
    const cases: Array<[Record<string, string>, number, string]> = [
      [{ subject_token: old }, 400, "invalid_subject_token"],
      [{ subject_token: standin.sessionToken(other.domain) }, 400, "invalid_subject_token"],
      [{ subject_token: otherApp }, 400, "invalid_subject_token"],
      [{ subject_token: "not-a-jwt" }, 400, "invalid_subject_token"],
      [{ client_secret: "wrong" }, 401, "invalid_client"],
      [{ requested_token_type: "urn:shopify:params:oauth:token-type:online-access-token" }, 400, "invalid_request"],
    ];
    for (const [over, status, error] of cases) {
      const res = await exchange(shop.domain, over);
      expect({ over, status: res.status, body: await res.json() }).toEqual({ over, status, body: { error, error_description: expect.any(String) } });
    }
  });

  it("signs session tokens with Shopify's claims and a one-minute life", () => {
    const token = standin.sessionToken("claims.myshopify.com", { userId: "9" });
    const payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(payload).toMatchObject({ iss: "https://claims.myshopify.com/admin", dest: "https://claims.myshopify.com", aud: DEV_API_KEY, sub: "9" });
    expect((payload.exp as number) - (payload.iat as number)).toBe(60);
    expect(verifySessionToken(token, DEV_API_KEY, DEV_API_SECRET, new Date(Date.now() + 69_000))).not.toBeNull();
    expect(verifySessionToken(token, DEV_API_KEY, DEV_API_SECRET, new Date(Date.now() + 72_000))).toBeNull();
  });
});

describe("admin shell", () => {
  it("frames the app with embedded, shop, host and a fresh id token", async () => {
    const shop = standin.createShop({ name: "Frame Co" });
    const name = shop.domain.replace(".myshopify.com", "");
    const page = await (await fetch(`${standin.url}/admin/store/${name}/apps/tally`)).text();
    expect(page).toContain("<strong>Frame Co</strong>");
    const src = new URL(/<iframe[^>]*src="([^"]+)"/.exec(page)![1]!.replaceAll("&amp;", "&"));
    expect(src.origin + src.pathname).toBe(`${receiver.url}/app`);
    expect(src.searchParams.get("embedded")).toBe("1");
    expect(src.searchParams.get("shop")).toBe(shop.domain);
    expect(Buffer.from(src.searchParams.get("host")!, "base64url").toString()).toBe(`admin.shopify.com/store/${name}`);
    expect(verifySessionToken(src.searchParams.get("id_token")!, DEV_API_KEY, DEV_API_SECRET)).toMatchObject({ shop: shop.domain });
  });

  it("sends /admin?shop= to the app's page in the shell", async () => {
    const shop = standin.createShop();
    const res = await fetch(`${standin.url}/admin?shop=${shop.domain}`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/admin/store/${shop.domain.replace(".myshopify.com", "")}/apps/tally`);
  });

  it("serves the App Bridge stand-in as JavaScript with CORS, pointing at the stand-in", async () => {
    const res = await fetch(`${standin.url}/app-bridge.js`);
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const source = await res.text();
    expect(source).toContain(`"${standin.url}"`);
    expect(source).not.toContain("__STANDIN_URL__");
    for (const name of ["idToken", "toast", "saveBar", "resourcePicker", "ui-nav-menu", "ui-save-bar", "ui-modal", "ui-title-bar", "environment", "loading"]) expect(source).toContain(name);
  });

  it("hands out fresh session tokens and the resource picker's products and collections", async () => {
    const shop = standin.createShop();
    const { token } = (await (await fetch(`${standin.url}/admin/session-token?shop=${shop.domain}`)).json()) as { token: string };
    expect(verifySessionToken(token, DEV_API_KEY, DEV_API_SECRET)).toMatchObject({ shop: shop.domain });
    const products = (await (await fetch(`${standin.url}/admin/resources?shop=${shop.domain}&type=product`)).json()) as Array<{ id: string; variants: unknown[] }>;
    expect(products).toHaveLength(shop.products.length);
    expect(products[0]!.id).toBe(`gid://shopify/Product/${shop.products[0]!.id}`);
    const collections = (await (await fetch(`${standin.url}/admin/resources?shop=${shop.domain}&type=collection`)).json()) as unknown[];
    expect(collections).toHaveLength(2);
    expect((await fetch(`${standin.url}/admin/session-token?shop=unknown.myshopify.com`)).status).toBe(404);
  });

  it("refunds and cancels from the orders page, firing the webhooks", async () => {
    const shop = standin.createShop();
    const name = shop.domain.replace(".myshopify.com", "");
    const order = await standin.placeOrder(shop.domain, { lines: [{ variantId: shop.products[0]!.variants[0]!.id.toString(), quantity: 2 }], webhooks: false });
    expect(await (await fetch(`${standin.url}/admin/store/${name}/orders`)).text()).toContain(order.name);
    await fetch(`${standin.url}/admin/store/${name}/orders/${order.id}/refund`, { method: "POST", redirect: "manual" });
    await fetch(`${standin.url}/admin/store/${name}/orders/${order.id}/cancel`, { method: "POST", redirect: "manual" });
    await standin.webhooks.settle();
    expect(receiver.received.map((r) => r.headers["x-shopify-topic"])).toEqual(["refunds/create", "refunds/create", "orders/cancelled"]);
    expect(order.cancelledAt).not.toBeNull();
    expect(order.financialStatus).toBe("refunded");
  });
});

describe("app proxy", () => {
  it("forwards a guest's POST with its body and Idempotency-Key, signed, with an empty logged_in_customer_id", async () => {
    const shop = standin.createShop();
    const res = await fetch(`${standin.url}/apps/tally/redemptions?lang=fr`, {
      method: "POST",
      headers: { Cookie: `tally_shop=${shop.domain}; tally_customer=`, "Content-Type": "application/json", "Idempotency-Key": "k-1" },
      body: JSON.stringify({ rewardId: "r1" }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, path: expect.stringMatching(/^\/proxy\/redemptions\?/) });
    const [forwarded] = receiver.received;
    expect(forwarded!.method).toBe("POST");
    expect(forwarded!.body).toBe('{"rewardId":"r1"}');
    expect(forwarded!.headers["idempotency-key"]).toBe("k-1");
    expect(forwarded!.headers["content-type"]).toBe("application/json");
    // The shopper's address, as Shopify's proxy reports it.
    expect(forwarded!.headers["x-forwarded-for"]).toBe("127.0.0.1");
    const params = new URL(forwarded!.url, "http://x").searchParams;
    expect(params.get("logged_in_customer_id")).toBe("");
    expect(params.get("path_prefix")).toBe("/apps/tally");
    expect(params.get("shop")).toBe(shop.domain);
    expect(params.get("lang")).toBe("fr");
    expect(Math.abs(Number(params.get("timestamp")) - Date.now() / 1000)).toBeLessThan(5);
    expect(params.get("signature")).toBe(appProxySignature(params, DEV_API_SECRET));
    expect(params.get("signature")).not.toBe(appProxySignature(params, "another-secret"));
  });

  it("passes the app's status code back", async () => {
    const shop = standin.createShop();
    receiver.answerWith.push(429);
    const res = await fetch(`${standin.url}/apps/tally/me`, { headers: { Cookie: `tally_shop=${shop.domain}` } });
    expect(res.status).toBe(429);
  });
});

describe("extension assets", () => {
  it("serves them typed and cacheable, gzipped when accepted, 304 on a matching ETag", async () => {
    const plain = await fetch(`${standin.url}/extensions/assets/tally-launcher.js`, { headers: { "Accept-Encoding": "identity" } });
    expect(plain.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(plain.headers.get("cache-control")).toContain("max-age");
    const body = Buffer.from(await plain.arrayBuffer());
    const etag = plain.headers.get("etag")!;
    // fetch() would decompress on its own; read the raw bytes with node:http instead.
    const raw = await new Promise<{ encoding?: string; bytes: Buffer }>((resolve, reject) => {
      import("node:http").then(({ get }) =>
        get(`${standin.url}/extensions/assets/tally-launcher.js`, { headers: { "Accept-Encoding": "gzip" } }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ encoding: res.headers["content-encoding"], bytes: Buffer.concat(chunks) }));
        }).on("error", reject),
      );
    });
    expect(raw.encoding).toBe("gzip");
    expect(gunzipSync(raw.bytes).equals(body)).toBe(true);
    expect((await fetch(`${standin.url}/extensions/assets/tally-launcher.js`, { headers: { "If-None-Match": etag } })).status).toBe(304);
    expect((await fetch(`${standin.url}/extensions/assets/..%2Fshopify.extension.toml`)).status).toBe(404);
  });
});
