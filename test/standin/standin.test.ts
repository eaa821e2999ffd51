/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers are read loosely in these tests */
// The stand-in itself: Shopify's contracts as documented (shopify-contracts.md), checked against
// the published test vectors and the real Admin schema.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateAdminDocument } from "./admin-schema";
import { DEV_API_KEY, DEV_API_SECRET, type Standin, startStandin } from "./index";
import { appProxySignature, verifySessionToken } from "./tokens";
import { hmacBase64, readSubscriptions } from "./webhooks";

type Received = { headers: http.IncomingHttpHeaders; body: string; url: string };

let standin: Standin;
let receiver: http.Server;
const received: Received[] = [];
let failNextWebhooks = 0;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), url: req.url ?? "" });
      res.writeHead(failNextWebhooks-- > 0 ? 500 : 200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  standin = await startStandin({ appUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`, webhookRetryDelaysMs: [20, 40] });
});
afterAll(async () => {
  await standin.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});

async function graphql(shop: string, token: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${standin.url}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "X-Forwarded-Host": shop },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: Record<string, any>; errors?: any; extensions?: any } };
}

describe("Admin GraphQL", () => {
  it("rejects a document the real schema rejects, the way Shopify answers", async () => {
    const shop = standin.createShop();
    const { accessToken } = standin.installApp(shop.domain);
    const { status, body } = await graphql(shop.domain, accessToken, "query Bad { shop { name notAField } }");
    expect(status).toBe(200);
    expect(body.errors).toEqual([
      {
        message: "Field 'notAField' doesn't exist on type 'Shop'",
        locations: [{ line: 1, column: 25 }],
        path: ["query Bad", "shop", "notAField"],
        extensions: { code: "undefinedField", typeName: "Shop", fieldName: "notAField" },
      },
    ]);
    expect(body.data).toBeUndefined();
    expect(validateAdminDocument("query { shop { name } }")).toEqual([]);
  });

  it("refuses an unknown access token with 401", async () => {
    const shop = standin.createShop();
    const { status } = await graphql(shop.domain, "shpat_wrong", "query { shop { name } }");
    expect(status).toBe(401);
  });

  it("answers the shop and reports cost with the throttle status", async () => {
    const shop = standin.createShop({ name: "Cost Shop", currency: "JPY" });
    const { accessToken } = standin.installApp(shop.domain);
    const { body } = await graphql(shop.domain, accessToken, "query ShopProfile { shop { name currencyCode myshopifyDomain } }");
    expect(body.data!.shop).toEqual({ name: "Cost Shop", currencyCode: "JPY", myshopifyDomain: shop.domain });
    expect(body.extensions.cost).toMatchObject({ requestedQueryCost: 1, throttleStatus: { maximumAvailable: 1000, restoreRate: 100 } });
  });

  it("answers THROTTLED when the bucket is empty, and recovers as it refills", async () => {
    let now = new Date("2026-11-01T00:00:00Z");
    const s = await startStandin({ appUrl: "http://127.0.0.1:9", now: () => now });
    try {
      const shop = s.createShop();
      const { accessToken } = s.installApp(shop.domain);
      s.setThrottle(shop.domain, { maximumAvailable: 50, restoreRate: 10, currentlyAvailable: 0 });
      const ask = () =>
        fetch(`${s.url}/admin/api/2026-10/graphql.json`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken, "X-Forwarded-Host": shop.domain },
          body: JSON.stringify({ query: "query { customers(first: 5) { nodes { id email } } }" }),
        }).then((r) => r.json() as Promise<any>);
      const throttled = await ask();
      expect(throttled.errors[0].extensions.code).toBe("THROTTLED");
      expect(throttled.extensions.cost.requestedQueryCost).toBe(7);
      now = new Date(now.getTime() + 1000); // +10 points
      expect((await ask()).data.customers.nodes).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it("creates, finds and deletes a discount code; a duplicate code is TAKEN", async () => {
    const shop = standin.createShop();
    const { accessToken } = standin.installApp(shop.domain);
    const customer = await standin.createCustomer(shop.domain, { email: "ada@example.com" }, { webhook: false });
    const create = `mutation C($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { codeDiscountNode { id } userErrors { field message code } } }`;
    const input = {
      title: "Reward",
      code: "TALLY-ABCDE",
      startsAt: "2026-01-01T00:00:00Z",
      endsAt: "2027-01-01T00:00:00Z",
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: { customers: { add: [`gid://shopify/Customer/${customer.id}`] } },
      customerGets: { value: { discountAmount: { amount: "5.00", appliesOnEachItem: false } }, items: { all: true } },
    };
    const first = await graphql(shop.domain, accessToken, create, { input });
    expect(first.body.data!.discountCodeBasicCreate.userErrors).toEqual([]);
    const id = first.body.data!.discountCodeBasicCreate.codeDiscountNode.id;
    const dup = await graphql(shop.domain, accessToken, create, { input });
    expect(dup.body.data!.discountCodeBasicCreate.userErrors[0]).toMatchObject({ code: "TAKEN", field: ["basicCodeDiscount", "code"] });
    const found = await graphql(shop.domain, accessToken, `query { codeDiscountNodeByCode(code: "tally-abcde") { id } }`);
    expect(found.body.data!.codeDiscountNodeByCode.id).toBe(id);
    expect(standin.findDiscountCode(shop.domain, "TALLY-ABCDE")).toMatchObject({ usageLimit: 1, customerIds: [customer.id], value: { type: "amount", amountMinor: 500n } });
    const del = await graphql(shop.domain, accessToken, `mutation D($id: ID!) { discountCodeDelete(id: $id) { deletedCodeDiscountId userErrors { message } } }`, { id });
    expect(del.body.data!.discountCodeDelete.deletedCodeDiscountId).toBe(id);
    expect(standin.findDiscountCode(shop.domain, "TALLY-ABCDE")).toBeUndefined();
  });

  it("sets metafields atomically (max 25), adds and removes tags, credits store credit", async () => {
    const shop = standin.createShop();
    const { accessToken } = standin.installApp(shop.domain);
    const c = await standin.createCustomer(shop.domain, { email: "m@example.com", tags: ["vip"] }, { webhook: false });
    const owner = `gid://shopify/Customer/${c.id}`;
    const set = `mutation S($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { key value } userErrors { field message code } } }`;
    const bad = await graphql(shop.domain, accessToken, set, { m: [{ ownerId: owner, namespace: "$app:tally", key: "balance", type: "number_integer", value: "12" }, { ownerId: owner, namespace: "$app:tally", key: "xx", type: "number_integer", value: "nope" }] });
    expect(bad.body.data!.metafieldsSet.userErrors).toHaveLength(1);
    expect(c.metafields.size).toBe(0);
    const good = await graphql(shop.domain, accessToken, set, { m: [{ ownerId: owner, namespace: "$app:tally", key: "balance", type: "number_integer", value: "12" }] });
    expect(good.body.data!.metafieldsSet.metafields).toEqual([{ key: "balance", value: "12" }]);
    const tooMany = Array.from({ length: 26 }, (_, i) => ({ ownerId: owner, namespace: "$app:tally", key: `k${i}`, type: "single_line_text_field", value: "v" }));
    expect((await graphql(shop.domain, accessToken, set, { m: tooMany })).body.data!.metafieldsSet.userErrors[0].code).toBe("LESS_THAN_OR_EQUAL_TO");
    await graphql(shop.domain, accessToken, `mutation { tagsAdd(id: "${owner}", tags: ["tally-tier:gold"]) { userErrors { message } } }`);
    await graphql(shop.domain, accessToken, `mutation { tagsRemove(id: "${owner}", tags: ["vip"]) { userErrors { message } } }`);
    expect(c.tags).toEqual(["tally-tier:gold"]);
    const credit = await graphql(shop.domain, accessToken, `mutation C($id: ID!, $c: StoreCreditAccountCreditInput!) { storeCreditAccountCredit(id: $id, creditInput: $c) { storeCreditAccountTransaction { amount { amount currencyCode } } userErrors { code } } }`, { id: owner, c: { creditAmount: { amount: "7.50", currencyCode: "USD" } } });
    expect(credit.body.data!.storeCreditAccountCredit.storeCreditAccountTransaction.amount).toEqual({ amount: "7.50", currencyCode: "USD" });
    expect(c.storeCredit.get("USD")).toBe(750n);
  });

  it("answers an injected failure for the named operation, once", async () => {
    const shop = standin.createShop();
    const { accessToken } = standin.installApp(shop.domain);
    standin.failNext({ operation: "shop" }, "http500");
    expect((await graphql(shop.domain, accessToken, "query { shop { name } }").catch(() => ({ status: 500 }))).status).toBe(500);
    expect((await graphql(shop.domain, accessToken, "query { shop { name } }")).status).toBe(200);
  });
});

describe("session tokens and token exchange", () => {
  it("exchanges a valid id token for an offline access token and refuses a forged one", async () => {
    const shop = standin.createShop();
    const exchange = (subject: string) =>
      fetch(`${standin.url}/admin/oauth/access_token`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Forwarded-Host": shop.domain },
        body: JSON.stringify({
          client_id: DEV_API_KEY,
          client_secret: DEV_API_SECRET,
          grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
          subject_token: subject,
          subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
          requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
        }),
      });
    const token = standin.sessionToken(shop.domain, { userId: "77" });
    expect(verifySessionToken(token, DEV_API_KEY, DEV_API_SECRET)).toEqual({ shop: shop.domain, sub: "77" });
    const ok = await exchange(token);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { access_token: string; scope: string };
    expect(body.access_token).toMatch(/^shpat_/);
    expect(body.scope).toContain("write_discounts");
    const forged = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect((await exchange(forged)).status).toBe(400);
  });
});

describe("webhooks", () => {
  it("sign with Shopify's published vector", () => {
    expect(hmacBase64('{"id":820982911946154508,"name":"#1001"}', "testApiSecretKey")).toBe("pFX1y23FQo2FkaaPALZVoFeXz8hMdKMqAtbihxeBS9E=");
  });

  it("deliver an order with Shopify's headers, a valid HMAC and exact big ids; retry on 500", async () => {
    const shop = standin.createShop();
    const customer = await standin.createCustomer(shop.domain, { email: "w@example.com" }, { webhook: false });
    const product = shop.products[0]!;
    received.length = 0;
    failNextWebhooks = 1;
    const order = await standin.placeOrder(shop.domain, { customerId: customer.id.toString(), lines: [{ variantId: product.variants[0]!.id.toString(), quantity: 2 }] });
    await standin.webhooks.settle();
    // orders/create is sent first: its first attempt is answered 500, then retried.
    const paid = received.filter((r) => r.headers["x-shopify-topic"] === "orders/create");
    expect(paid).toHaveLength(2);
    expect(received.filter((r) => r.headers["x-shopify-topic"] === "orders/paid")).toHaveLength(1);
    const r = paid[1]!;
    expect(r.url).toBe(readSubscriptions().get("orders/create"));
    expect(r.headers["x-shopify-hmac-sha256"]).toBe(hmacBase64(r.body, DEV_API_SECRET));
    expect(r.headers).toMatchObject({ "x-shopify-shop-domain": shop.domain, "x-shopify-api-version": "2026-10" });
    expect(r.headers["x-shopify-webhook-id"]).toBe(paid[0]!.headers["x-shopify-webhook-id"]);
    expect(r.headers["x-shopify-event-id"]).toBeTruthy();
    expect(r.headers["x-shopify-triggered-at"]).toBeTruthy();
    expect(r.body).toContain(`"id":${order.id}`);
    expect(r.body).toContain(`"admin_graphql_api_id":"gid://shopify/Customer/${customer.id}"`);
    expect(order.id > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it("deliver duplicates and, when paused, in shuffled order", async () => {
    const shop = standin.createShop();
    received.length = 0;
    standin.webhooks.pause();
    const customers = [];
    for (let i = 0; i < 6; i++) customers.push(await standin.createCustomer(shop.domain, { email: `s${i}@example.com` }));
    expect(received).toHaveLength(0);
    await standin.webhooks.resume({ shuffle: true });
    expect(received.map((r) => JSON.parse(r.body.replace(/"id":(\d+)/, '"id":"$1"')).id).sort()).toEqual(customers.map((c) => c.id.toString()).sort());
    received.length = 0;
    standin.deliver(shop.domain, "customers/update", { id: 1 }, { duplicate: true });
    await standin.webhooks.settle();
    expect(received).toHaveLength(2);
    expect(received[0]!.headers["x-shopify-webhook-id"]).toBe(received[1]!.headers["x-shopify-webhook-id"]);
  });
});

describe("app proxy", () => {
  it("signs with Shopify's published vector", () => {
    const params = new URLSearchParams("extra=1&extra=2&shop=shop-name.myshopify.com&logged_in_customer_id=1&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555&signature=x");
    expect(appProxySignature(params, "hush")).toBe("4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb");
  });

  it("forwards /apps/tally/* to the app's proxy URL with the signed customer", async () => {
    const shop = standin.createShop();
    const customer = await standin.createCustomer(shop.domain, { email: "p@example.com" }, { webhook: false });
    received.length = 0;
    const res = await fetch(`${standin.url}/apps/tally/me?x=1&logged_in_customer_id=999`, {
      headers: { Cookie: `tally_shop=${shop.domain}; tally_customer=${customer.id}` },
    });
    expect(res.status).toBe(200);
    const url = new URL(received[0]!.url, "http://x");
    expect(url.pathname).toBe("/proxy/me");
    expect(url.searchParams.get("logged_in_customer_id")).toBe(customer.id.toString());
    expect(url.searchParams.get("x")).toBe("1");
    expect(url.searchParams.get("signature")).toBe(appProxySignature(url.searchParams, DEV_API_SECRET));
  });
});

describe("checkout", () => {
  async function codeShop() {
    const shop = standin.createShop();
    const { accessToken } = standin.installApp(shop.domain);
    const ada = await standin.createCustomer(shop.domain, { email: "ada@example.com" }, { webhook: false });
    const bob = await standin.createCustomer(shop.domain, { email: "bob@example.com" }, { webhook: false });
    await graphql(shop.domain, accessToken, `mutation C($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { message } } }`, {
      input: {
        title: "Ada's reward",
        code: "ADA-10",
        startsAt: "2026-01-01T00:00:00Z",
        endsAt: "2099-01-01T00:00:00Z",
        usageLimit: 1,
        appliesOncePerCustomer: true,
        minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "20.00" } },
        context: { customers: { add: [`gid://shopify/Customer/${ada.id}`] } },
        customerGets: { value: { discountAmount: { amount: "10.00" } }, items: { all: true } },
      },
    });
    return { shop, ada, bob };
  }
  const candle = (shop: ReturnType<Standin["createShop"]>) => shop.products.find((p) => p.title === "Cedar Candle")!.variants[0]!.id.toString();
  const soap = (shop: ReturnType<Standin["createShop"]>) => shop.products.find((p) => p.title === "Oat Milk Soap")!.variants[0]!.id.toString();

  it("applies a valid code once, for its customer only, above its minimum subtotal", async () => {
    const { shop, ada, bob } = await codeShop();
    await expect(standin.placeOrder(shop.domain, { customerId: bob.id.toString(), lines: [{ variantId: candle(shop) }], discountCodes: ["ADA-10"], webhooks: false })).rejects.toThrow(/isn't available to you/);
    await expect(standin.placeOrder(shop.domain, { customerId: ada.id.toString(), lines: [{ variantId: soap(shop) }], discountCodes: ["ADA-10"], webhooks: false })).rejects.toThrow(/more to use/);
    await expect(standin.placeOrder(shop.domain, { customerId: ada.id.toString(), lines: [{ variantId: candle(shop) }], discountCodes: ["NOPE"], webhooks: false })).rejects.toThrow(/valid discount code/);
    const order = await standin.placeOrder(shop.domain, { customerId: ada.id.toString(), lines: [{ variantId: candle(shop) }], discountCodes: ["ada-10"], webhooks: false });
    expect(order.discountCodes).toEqual([{ code: "ADA-10", amountMinor: 1000n, type: "fixed_amount" }]);
    expect(order.lines[0]!.discountMinor).toBe(1000n);
    await expect(standin.placeOrder(shop.domain, { customerId: ada.id.toString(), lines: [{ variantId: candle(shop) }], discountCodes: ["ADA-10"], webhooks: false })).rejects.toThrow(/usage limit/);
  });

  it("refuses an expired code", async () => {
    let now = new Date("2026-06-01T00:00:00Z");
    const s = await startStandin({ appUrl: "http://127.0.0.1:9", now: () => now });
    try {
      const shop = s.createShop();
      const { accessToken } = s.installApp(shop.domain);
      await fetch(`${s.url}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken, "X-Forwarded-Host": shop.domain },
        body: JSON.stringify({ query: `mutation { discountCodeBasicCreate(basicCodeDiscount: { title: "t", code: "SOON-GONE", startsAt: "2026-01-01T00:00:00Z", endsAt: "2026-07-01T00:00:00Z", customerGets: { value: { percentage: 0.1 }, items: { all: true } } }) { userErrors { message } } }` }),
      });
      const line = [{ variantId: shop.products[0]!.variants[0]!.id.toString() }];
      expect((await s.placeOrder(shop.domain, { lines: line, discountCodes: ["SOON-GONE"], webhooks: false })).discountCodes[0]!.amountMinor).toBe(80n);
      now = new Date("2026-07-02T00:00:00Z");
      await expect(s.placeOrder(shop.domain, { lines: line, discountCodes: ["SOON-GONE"], webhooks: false })).rejects.toThrow(/isn't valid right now/);
    } finally {
      await s.close();
    }
  });
});
