// Discount codes at the stand-in's checkout, each rule Shopify's checkout applies, and the
// storefront's cart → /discount/<code> → checkout flow that ends in orders/paid.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Standin, startStandin } from "./index";
import { installedShop, type Receiver, standinWithReceiver } from "./test-helpers";

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

type Gql = ReturnType<typeof installedShop>["gql"];

async function basicCode(gql: Gql, code: string, over: Record<string, unknown> = {}) {
  const { body } = await gql(`mutation C($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { field message } } }`, {
    input: { title: code, code, startsAt: "2026-01-01T00:00:00Z", customerGets: { value: { percentage: 0.1 }, items: { all: true } }, ...over },
  });
  expect(body.data!.discountCodeBasicCreate.userErrors).toEqual([]);
}

async function freeShippingCode(gql: Gql, code: string, over: Record<string, unknown> = {}) {
  const { body } = await gql(`mutation F($input: DiscountCodeFreeShippingInput!) { discountCodeFreeShippingCreate(freeShippingCodeDiscount: $input) { userErrors { field message } } }`, {
    input: { title: code, code, startsAt: "2026-01-01T00:00:00Z", destination: { all: true }, ...over },
  });
  expect(body.data!.discountCodeFreeShippingCreate.userErrors).toEqual([]);
}

async function setup() {
  const env = installedShop(standin);
  const ada = await standin.createCustomer(env.shop.domain, { email: "ada@example.com" }, { webhook: false });
  const bob = await standin.createCustomer(env.shop.domain, { email: "bob@example.com" }, { webhook: false });
  const variant = (title: string) => env.shop.products.find((p) => p.title === title)!.variants[0]!.id.toString();
  const order = (customer: { id: bigint } | null, codes: string[], lines: Array<{ variantId: string; quantity?: number }> = [{ variantId: variant("Cedar Candle") }], shippingMinor = 0n) =>
    standin.placeOrder(env.shop.domain, { customerId: customer ? customer.id.toString() : null, lines, discountCodes: codes, shippingMinor, webhooks: false });
  return { ...env, ada, bob, variant, order };
}

describe("checkout validates codes like Shopify", () => {
  it("refuses an unknown code", async () => {
    const { order, ada } = await setup();
    await expect(order(ada, ["NOPE"])).rejects.toThrow("Enter a valid discount code");
  });

  it("refuses a code before it starts and after it ends", async () => {
    let now = new Date("2026-03-01T00:00:00Z");
    const s = await startStandin({ appUrl: receiver.url, now: () => now });
    try {
      const { shop, gql } = installedShop(s);
      await basicCode(gql, "SPRING", { startsAt: "2026-04-01T00:00:00Z", endsAt: "2026-05-01T00:00:00Z" });
      const place = () => s.placeOrder(shop.domain, { lines: [{ variantId: shop.products[0]!.variants[0]!.id.toString() }], discountCodes: ["SPRING"], webhooks: false });
      await expect(place()).rejects.toThrow("SPRING discount code isn't valid right now");
      now = new Date("2026-04-15T00:00:00Z");
      expect((await place()).discountCodes).toHaveLength(1);
      now = new Date("2026-05-01T00:00:00Z");
      await expect(place()).rejects.toThrow("isn't valid right now");
    } finally {
      await s.close();
    }
  });

  it("stops at the usage limit, counting every order", async () => {
    const { shop, gql, order, ada, bob } = await setup();
    await basicCode(gql, "TWICE", { usageLimit: 2 });
    await order(ada, ["TWICE"]);
    await order(bob, ["TWICE"]);
    await expect(order(null, ["TWICE"])).rejects.toThrow("TWICE discount code has reached its usage limit");
    expect(standin.findDiscountCode(shop.domain, "TWICE")!.usageCount).toBe(2);
  });

  it("applies once per customer when asked, others still may use it", async () => {
    const { gql, order, ada, bob } = await setup();
    await basicCode(gql, "ONCE", { appliesOncePerCustomer: true });
    await order(ada, ["ONCE"]);
    await expect(order(ada, ["ONCE"])).rejects.toThrow("ONCE discount code has already been used");
    expect((await order(bob, ["ONCE"])).discountCodes[0]!.code).toBe("ONCE");
  });

  it("is available only to the customers in its context; a guest or another customer is refused", async () => {
    const { gql, order, ada, bob } = await setup();
    await basicCode(gql, "ADA-ONLY", { context: { customers: { add: [`gid://shopify/Customer/${ada.id}`] } } });
    await expect(order(bob, ["ADA-ONLY"])).rejects.toThrow("ADA-ONLY discount code isn't available to you right now");
    await expect(order(null, ["ADA-ONLY"])).rejects.toThrow("isn't available to you right now");
    expect((await order(ada, ["ada-only"])).discountCodes[0]!.code).toBe("ADA-ONLY");
  });

  it("is available only to the members of its customer segments (number_of_orders), never to a guest", async () => {
    const { gql, order, ada, bob } = await setup();
    const created = await gql(`mutation S($name: String!, $query: String!) { segmentCreate(name: $name, query: $query) { segment { id name query } userErrors { field message } } }`, {
      name: "First-timers",
      query: "number_of_orders = 0",
    });
    const segment = created.body.data!.segmentCreate.segment as { id: string };
    expect(segment.id).toMatch(/^gid:\/\/shopify\/Segment\/\d+$/);
    // Names are unique; a query the stand-in cannot evaluate is refused rather than guessed.
    const again = await gql(`mutation { segmentCreate(name: "first-timers", query: "number_of_orders = 0") { segment { id } userErrors { field message } } }`);
    expect(again.body.data!.segmentCreate.userErrors).toEqual([{ field: ["name"], message: "Name has already been taken" }]);
    const odd = await gql(`mutation { segmentCreate(name: "Odd", query: "customer_tags CONTAINS 'vip'") { segment { id } userErrors { field message } } }`);
    expect(odd.body.data!.segmentCreate.userErrors).toMatchObject([{ field: ["query"] }]);
    const found = await gql(`{ segments(first: 5, query: "name:'First-timers'") { nodes { id query } } }`);
    expect(found.body.data!.segments.nodes).toEqual([{ id: segment.id, query: "number_of_orders = 0" }]);

    await basicCode(gql, "FIRST", { appliesOncePerCustomer: true, context: { customerSegments: { add: [segment.id] } } });
    await order(bob, []);
    await expect(order(bob, ["FIRST"])).rejects.toThrow("FIRST discount code isn't available to you right now");
    await expect(order(null, ["FIRST"])).rejects.toThrow("FIRST discount code isn't available to you right now");
    expect((await order(ada, ["FIRST"])).discountCodes[0]!.code).toBe("FIRST");
    // Ada has ordered now: no longer in the segment.
    await expect(order(ada, ["FIRST"])).rejects.toThrow("FIRST discount code isn't available to you right now");
    const node = await gql(`{ codeDiscountNodeByCode(code: "FIRST") { codeDiscount { ... on DiscountCodeBasic { context { ... on DiscountCustomerSegments { segments { id } } } } } } }`);
    expect(node.body.data!.codeDiscountNodeByCode.codeDiscount.context).toEqual({ segments: [{ id: segment.id }] });
  });

  it("requires the minimum subtotal", async () => {
    const { gql, order, ada, variant } = await setup();
    await basicCode(gql, "MIN40", { minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "40.00" } } });
    await expect(order(ada, ["MIN40"])).rejects.toThrow("Add 8.00 USD more to use MIN40");
    const ok = await order(ada, ["MIN40"], [{ variantId: variant("Cedar Candle") }, { variantId: variant("Lavender Bath Bomb") }]);
    expect(ok.discountCodes[0]!.amountMinor).toBe(400n);
  });

  it("takes a percentage, rounding half up to the minor unit", async () => {
    const { gql, order, ada, variant } = await setup();
    await basicCode(gql, "PCT15", { customerGets: { value: { percentage: 0.15 }, items: { all: true } } });
    const placed = await order(ada, ["PCT15"], [{ variantId: variant("Oat Milk Soap") }]); // 9.50 × 15% = 1.425
    expect(placed.discountCodes[0]!.amountMinor).toBe(143n);
    expect(placed.lines[0]!.discountMinor).toBe(143n);
  });

  it("spreads a fixed amount over eligible lines, never over gift cards or past the eligible total", async () => {
    const { gql, order, ada, variant } = await setup();
    await basicCode(gql, "TEN", { customerGets: { value: { discountAmount: { amount: "10.00" } }, items: { all: true } } });
    const placed = await order(ada, ["TEN"], [{ variantId: variant("Lavender Bath Bomb") }, { variantId: variant("Gift Card") }]);
    expect(placed.lines.map((l) => l.discountMinor)).toEqual([800n, 0n]);
    expect(placed.discountCodes[0]!.amountMinor).toBe(800n);
  });

  it("takes an amount off each item when appliesOnEachItem", async () => {
    const { gql, order, ada, variant } = await setup();
    await basicCode(gql, "EACH", { customerGets: { value: { discountAmount: { amount: "1.00", appliesOnEachItem: true } }, items: { all: true } } });
    const placed = await order(ada, ["EACH"], [{ variantId: variant("Lavender Bath Bomb"), quantity: 3 }, { variantId: variant("Cedar Candle") }]);
    expect(placed.lines.map((l) => l.discountMinor)).toEqual([300n, 100n]);
  });

  it("limits a code to its collections and refuses a cart without them", async () => {
    const { shop, gql, order, ada, variant } = await setup();
    const homeGifts = shop.collections.find((c) => c.title === "Home & Gifts")!;
    await basicCode(gql, "HOME", { customerGets: { value: { percentage: 0.5 }, items: { collections: { add: [`gid://shopify/Collection/${homeGifts.id}`] } } } });
    await expect(order(ada, ["HOME"], [{ variantId: variant("Lavender Bath Bomb") }])).rejects.toThrow("isn't valid for the items in your cart");
    const placed = await order(ada, ["HOME"], [{ variantId: variant("Lavender Bath Bomb") }, { variantId: variant("Cedar Candle") }]);
    expect(placed.lines.map((l) => l.discountMinor)).toEqual([0n, 1600n]);
  });

  it("gives free shipping only up to its maximum shipping price", async () => {
    const { gql, order, ada } = await setup();
    await freeShippingCode(gql, "SHIP10", { maximumShippingPrice: "10.00" });
    const cheap = await order(ada, ["SHIP10"], undefined, 800n);
    expect(cheap.shippingDiscountMinor).toBe(800n);
    expect(cheap.discountCodes).toEqual([{ code: "SHIP10", amountMinor: 800n, type: "shipping" }]);
    await expect(order(ada, ["SHIP10"], undefined, 1500n)).rejects.toThrow("SHIP10 discount code isn't valid for this shipping rate");
  });

  it("combines a shipping code with an order code only when both allow it", async () => {
    const { gql, order, ada } = await setup();
    await basicCode(gql, "ORDER-OK", { combinesWith: { shippingDiscounts: true } });
    await basicCode(gql, "ORDER-ALONE");
    await freeShippingCode(gql, "SHIP-OK", { combinesWith: { orderDiscounts: true } });
    const both = await order(ada, ["ORDER-OK", "SHIP-OK"], undefined, 500n);
    expect(both.discountCodes.map((d) => d.code)).toEqual(["ORDER-OK", "SHIP-OK"]);
    expect(both.lines[0]!.discountMinor).toBe(320n);
    expect(both.shippingDiscountMinor).toBe(500n);
    await expect(order(ada, ["ORDER-ALONE", "SHIP-OK"], undefined, 500n)).rejects.toThrow("can't be combined");
    await expect(order(ada, ["ORDER-OK", "ORDER-ALONE"])).rejects.toThrow("can't be combined");
  });
});

describe("storefront cart and checkout over HTTP", () => {
  /** A browser's cookie jar, enough for the stand-in's cookies. */
  function browser() {
    const jar = new Map<string, string>();
    return async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${standin.url}${path}`, { ...init, redirect: "manual", headers: { ...(init.headers as Record<string, string>), Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") } });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(";");
        const [k, v] = pair!.split("=");
        jar.set(k!, v ?? "");
      }
      return res;
    };
  }
  const form = (fields: Record<string, string>) => ({ method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });

  it("adds to the cart, takes a code from a /discount link, shows it, and places the order with orders/paid", async () => {
    const { shop, gql, ada, variant } = await setup();
    await basicCode(gql, "WELCOME5", { customerGets: { value: { discountAmount: { amount: "5.00" } }, items: { all: true } } });
    const go = browser();
    expect((await go(`/storefront?shop=${shop.domain}&as=${ada.id}`)).status).toBe(200);
    expect((await go("/cart/add", form({ id: variant("Cedar Candle"), quantity: "2" }))).headers.get("location")).toBe("/cart");
    expect((await go("/discount/WELCOME5?redirect=/cart")).headers.get("location")).toBe("/cart");
    const cart = await (await go("/cart")).text();
    expect(cart).toContain("Discount WELCOME5");
    expect(cart).toContain("64.00 USD"); // 2 × 32.00 − 5.00 + 5.00 shipping
    await go("/checkout", form({ code: "WELCOME5", action: "place" }));
    expect(await (await go("/cart")).text()).toMatch(/Order #\d+ is confirmed/);
    await standin.webhooks.settle();
    const paid = receiver.received.filter((r) => r.headers["x-shopify-topic"] === "orders/paid" && r.headers["x-shopify-shop-domain"] === shop.domain);
    expect(paid).toHaveLength(1);
    expect(JSON.parse(paid[0]!.body)).toMatchObject({ discount_codes: [{ code: "WELCOME5", amount: "5.00" }], customer: { email: "ada@example.com" } });
  });

  it("shows Shopify's message for a code the shopper may not use, and places nothing", async () => {
    const { shop, gql, ada, bob, variant } = await setup();
    await basicCode(gql, "ADA-ONLY", { context: { customers: { add: [`gid://shopify/Customer/${ada.id}`] } } });
    const go = browser();
    await go(`/storefront?shop=${shop.domain}&as=${bob.id}`);
    await go("/cart/add", form({ id: variant("Cedar Candle") }));
    await go("/checkout", form({ code: "ADA-ONLY", action: "place" }));
    const page = await (await go("/cart")).text();
    expect(page).toContain("ADA-ONLY discount code isn&#39;t available to you right now");
    expect(standin.state.shop(shop.domain).orders.size).toBe(0);
  });

  it("rejects an unknown variant in /cart/add", async () => {
    const { shop } = await setup();
    const go = browser();
    await go(`/storefront?shop=${shop.domain}&as=guest`);
    expect((await go("/cart/add", form({ id: "123" }))).status).toBe(404);
  });
});
