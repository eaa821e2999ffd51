// Admin GraphQL of the stand-in: Shopify's error shapes, each emulated query and mutation, query
// cost, throttling and injected failures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateAdminDocument } from "./admin-schema";
import { type Standin, startStandin } from "./index";
import { adminGraphql, installedShop, type Receiver, standinWithReceiver } from "./test-helpers";

let standin: Standin;
let receiver: Receiver;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ standin, receiver, close } = await standinWithReceiver({ webhookRetryDelaysMs: [] }));
});
afterAll(() => close());

const BASIC_CREATE = `mutation C($input: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $input) { codeDiscountNode { id } userErrors { field message code } }
}`;

describe("errors shaped like Shopify's", () => {
  it("names a missing required argument and an unknown argument the way graphql-ruby does", async () => {
    const { gql } = installedShop(standin);
    const missing = await gql("query Q { customer { id } }");
    expect(missing.status).toBe(200);
    expect(missing.body.errors[0]).toMatchObject({
      message: "Field 'customer' is missing required arguments: id",
      path: ["query Q", "customer"],
      extensions: { code: "missingRequiredArguments", arguments: "id" },
    });
    const unknown = await gql('query { shop { name(upper: true) } }');
    expect(unknown.body.errors[0]).toMatchObject({ message: "Field 'name' doesn't accept argument 'upper'", extensions: { code: "argumentNotAccepted" } });
    const scalarSelection = await gql("query { shop }");
    expect(scalarSelection.body.errors[0].extensions.code).toBe("selectionMismatch");
  });

  it("answers a syntax error without executing", async () => {
    const { gql } = installedShop(standin);
    const { status, body } = await gql("query { shop { name }");
    expect(status).toBe(200);
    expect(body.errors[0].message).toMatch(/^syntax error, .* at \[1, 22\]$/);
    expect(body.data).toBeUndefined();
  });

  it("validateAdminDocument agrees with the endpoint", () => {
    expect(validateAdminDocument("query { shop { name currencyCode } }")).toEqual([]);
    const errors = validateAdminDocument("query { shop { nope } }");
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^Cannot query field "nope" on type "Shop"/);
  });

  it("refuses a field of the schema the stand-in does not emulate, loudly", async () => {
    const { gql } = installedShop(standin);
    const { body } = await gql("query { app { id } }");
    expect(body.errors[0].message).toBe("not emulated by the stand-in: QueryRoot.app");
  });

  it("answers 404 for another API version and 401 for a token of another shop", async () => {
    const a = installedShop(standin);
    const b = installedShop(standin);
    expect((await adminGraphql(standin, a.shop.domain, a.accessToken, "query { shop { name } }", {}, "2025-01")).status).toBe(404);
    const wrong = await adminGraphql(standin, a.shop.domain, b.accessToken, "query { shop { name } }");
    expect(wrong).toEqual({ status: 401, body: { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" } });
  });
});

describe("queries", () => {
  it("finds customers by email and by free text, pages with cursors, and reads one by id and node", async () => {
    const { shop, gql } = installedShop(standin);
    const ada = await standin.createCustomer(shop.domain, { email: "ada@example.com", firstName: "Ada", lastName: "Lovelace" }, { webhook: false });
    await standin.createCustomer(shop.domain, { email: "bob@example.com", firstName: "Bob" }, { webhook: false });
    await standin.createCustomer(shop.domain, { email: "cy@example.com", firstName: "Cyrus" }, { webhook: false });
    const byEmail = await gql(`query { customers(first: 5, query: "email:ADA@example.com") { nodes { id email displayName } } }`);
    expect(byEmail.body.data!.customers.nodes).toEqual([{ id: `gid://shopify/Customer/${ada.id}`, email: "ada@example.com", displayName: "Ada Lovelace" }]);
    const byText = await gql(`query { customers(first: 5, query: "bob") { nodes { email } } }`);
    expect(byText.body.data!.customers.nodes).toEqual([{ email: "bob@example.com" }]);
    const page1 = await gql(`query { customers(first: 2) { nodes { email } pageInfo { hasNextPage endCursor } } }`);
    expect(page1.body.data!.customers.nodes).toHaveLength(2);
    expect(page1.body.data!.customers.pageInfo.hasNextPage).toBe(true);
    const page2 = await gql(`query P($after: String) { customers(first: 2, after: $after) { nodes { email } pageInfo { hasNextPage } } }`, { after: page1.body.data!.customers.pageInfo.endCursor });
    expect(page2.body.data!.customers).toEqual({ nodes: [{ email: "cy@example.com" }], pageInfo: { hasNextPage: false } });
    const one = await gql(`query C($id: ID!) { customer(id: $id) { email numberOfOrders amountSpent { amount currencyCode } } node(id: $id) { id ... on Customer { email } } }`, { id: `gid://shopify/Customer/${ada.id}` });
    expect(one.body.data).toEqual({
      customer: { email: "ada@example.com", numberOfOrders: "0", amountSpent: { amount: "0.00", currencyCode: "USD" } },
      node: { id: `gid://shopify/Customer/${ada.id}`, email: "ada@example.com" },
    });
  });

  it("lists orders updated since a time, sorted by UPDATED_AT, with money bags, discount codes and refunds", async () => {
    let now = new Date("2026-10-01T10:00:00Z");
    const s = await startStandin({ appUrl: receiver.url, now: () => now });
    try {
      const { shop, gql } = installedShop(s, { currency: "EUR" });
      const ada = await s.createCustomer(shop.domain, { email: "ada@example.com" }, { webhook: false });
      const variant = shop.products[0]!.variants[0]!.id.toString();
      const first = await s.placeOrder(shop.domain, { customerId: ada.id.toString(), lines: [{ variantId: variant, quantity: 2 }], shippingMinor: 500n, webhooks: false });
      now = new Date("2026-10-01T11:00:00Z");
      const second = await s.placeOrder(shop.domain, { lines: [{ title: "Gift wrap", priceMinor: 300n }], webhooks: false });
      now = new Date("2026-10-01T12:00:00Z");
      await s.refundOrder(shop.domain, first.id.toString(), { lines: [{ lineItemId: first.lines[0]!.id.toString(), quantity: 1 }], webhooks: false });
      const q = `query O($q: String!) { orders(first: 10, query: $q, sortKey: UPDATED_AT) { nodes { id updatedAt displayFinancialStatus totalPriceSet { shopMoney { amount currencyCode } } refunds(first: 5) { totalRefundedSet { shopMoney { amount } } } customer { id } } } }`;
      const since = await gql(q, { q: "updated_at:>'2026-10-01T10:30:00Z'" });
      expect(since.body.data!.orders.nodes.map((o: { id: string }) => o.id)).toEqual([`gid://shopify/Order/${second.id}`, `gid://shopify/Order/${first.id}`]);
      const refunded = since.body.data!.orders.nodes[1];
      expect(refunded).toMatchObject({ displayFinancialStatus: "PARTIALLY_REFUNDED", totalPriceSet: { shopMoney: { amount: "21.00", currencyCode: "EUR" } }, refunds: [{ totalRefundedSet: { shopMoney: { amount: "8.00" } } }], customer: { id: `gid://shopify/Customer/${ada.id}` } });
      expect(since.body.data!.orders.nodes[0].customer).toBeNull();
    } finally {
      await s.close();
    }
  });

  it("answers one order in detail: lines with product and discount allocations, shipping, taxes, refunds", async () => {
    const { shop, gql } = installedShop(standin, { currency: "JPY" });
    const ada = await standin.createCustomer(shop.domain, { email: "detail@example.com" }, { webhook: false });
    const created = await gql(`mutation C($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { message } } }`, {
      input: { title: "t", code: "YEN300", startsAt: "2026-01-01T00:00:00Z", customerGets: { value: { discountAmount: { amount: "300" } }, items: { all: true } } },
    });
    expect(created.body.data!.discountCodeBasicCreate.userErrors).toEqual([]);
    const candle = shop.products.find((p) => p.title === "Cedar Candle")!;
    const order = await standin.placeOrder(shop.domain, { customerId: ada.id.toString(), lines: [{ variantId: candle.variants[0]!.id.toString(), quantity: 2 }], shippingMinor: 500n, taxMinor: 600n, discountCodes: ["YEN300"], presentmentCurrency: "USD", webhooks: false });
    await standin.refundOrder(shop.domain, order.id.toString(), { lines: [{ lineItemId: order.lines[0]!.id.toString(), quantity: 1 }], shippingMinor: 500n, webhooks: false });
    const money = "shopMoney { amount currencyCode } presentmentMoney { currencyCode }";
    const { body } = await gql(
      `query O($id: ID!) { order(id: $id) { name discountCodes displayFinancialStatus cancelledAt
        shippingLines(first: 2) { nodes { discountedPriceSet { ${money} } } }
        lineItems(first: 5) { nodes { quantity product { id tags } originalTotalSet { ${money} } discountAllocations { allocatedAmountSet { ${money} } } taxLines { priceSet { ${money} } } } }
        refunds(first: 5) { totalRefundedSet { ${money} } refundLineItems(first: 5) { nodes { quantity lineItem { id } subtotalSet { ${money} } } } refundShippingLines(first: 2) { nodes { subtotalAmountSet { ${money} } } } } } }`,
      { id: `gid://shopify/Order/${order.id}` },
    );
    const yen = (amount: string) => ({ shopMoney: { amount, currencyCode: "JPY" }, presentmentMoney: { currencyCode: "USD" } });
    expect(body.data!.order).toEqual({
      name: order.name,
      discountCodes: ["YEN300"],
      displayFinancialStatus: "PARTIALLY_REFUNDED",
      cancelledAt: null,
      shippingLines: { nodes: [{ discountedPriceSet: yen("500") }] },
      lineItems: { nodes: [{ quantity: 2, product: { id: `gid://shopify/Product/${candle.id}`, tags: ["candle"] }, originalTotalSet: yen("6400"), discountAllocations: [{ allocatedAmountSet: yen("300") }], taxLines: [{ priceSet: yen("600") }] }] },
      refunds: [
        {
          totalRefundedSet: yen("3850"), // (6400 − 300) / 2 + 600 / 2 + 500 shipping
          refundLineItems: { nodes: [{ quantity: 1, lineItem: { id: `gid://shopify/LineItem/${order.lines[0]!.id}` }, subtotalSet: yen("3050") }] },
          refundShippingLines: { nodes: [{ subtotalAmountSet: yen("500") }] },
        },
      ],
    });
  });

  it("lists collections and (empty) webhook subscriptions", async () => {
    const { gql } = installedShop(standin);
    const { body } = await gql("query { collections(first: 5) { nodes { title handle } } webhookSubscriptions(first: 5) { nodes { id } } }");
    expect(body.data).toEqual({ collections: { nodes: [{ title: "Bath & Body", handle: "bath-body" }, { title: "Home & Gifts", handle: "home-gifts" }] }, webhookSubscriptions: { nodes: [] } });
  });

  it("answers products by tag with their collections through nodes(ids:), including a test's made-up product", async () => {
    const { shop, gql } = installedShop(standin);
    const tagged = await gql(`query { products(first: 10, query: "tag:bestseller") { nodes { title tags } } }`);
    expect(tagged.body.data!.products.nodes).toEqual([{ title: "Rose Body Oil", tags: ["oil", "bestseller"] }]);
    const order = await standin.placeOrder(shop.domain, { lines: [{ title: "Mystery box", priceMinor: 1200n, productTags: ["mystery"], collectionIds: [String(shop.collections[1]!.id)] }], webhooks: false });
    const productId = `gid://shopify/Product/${order.lines[0]!.productId}`;
    const nodes = await gql(`query N($ids: [ID!]!) { nodes(ids: $ids) { ... on Product { id tags collections(first: 5) { nodes { id } } } } }`, { ids: [productId] });
    expect(nodes.body.data!.nodes).toEqual([{ id: productId, tags: ["mystery"], collections: { nodes: [{ id: `gid://shopify/Collection/${shop.collections[1]!.id}` }] } }]);
  });
});

describe("discount mutations", () => {
  const input = (over: Record<string, unknown> = {}) => ({
    title: "Reward",
    code: `T-${Math.random().toString(36).slice(2, 8)}`,
    startsAt: "2026-01-01T00:00:00Z",
    customerGets: { value: { percentage: 0.1 }, items: { all: true } },
    ...over,
  });

  it("refuses endsAt before startsAt, an unknown customer, and a blank code, writing nothing", async () => {
    const { shop, gql } = installedShop(standin);
    const ends = await gql(BASIC_CREATE, { input: input({ endsAt: "2025-01-01T00:00:00Z" }) });
    expect(ends.body.data!.discountCodeBasicCreate.userErrors).toEqual([{ field: ["basicCodeDiscount", "endsAt"], message: expect.any(String), code: "INVALID" }]);
    const who = await gql(BASIC_CREATE, { input: input({ context: { customers: { add: ["gid://shopify/Customer/1"] } } }) });
    expect(who.body.data!.discountCodeBasicCreate.userErrors[0]).toMatchObject({ field: ["basicCodeDiscount", "context"], code: "INVALID" });
    const blank = await gql(BASIC_CREATE, { input: input({ code: " " }) });
    expect(blank.body.data!.discountCodeBasicCreate.userErrors[0]).toMatchObject({ field: ["basicCodeDiscount", "code"], code: "BLANK" });
    expect(standin.discountCodes(shop.domain)).toEqual([]);
  });

  it("creates a free-shipping code with a maximum shipping price, deactivates it (EXPIRED) and looks it up by id", async () => {
    const { shop, gql } = installedShop(standin);
    const created = await gql(
      `mutation F($input: DiscountCodeFreeShippingInput!) { discountCodeFreeShippingCreate(freeShippingCodeDiscount: $input) { codeDiscountNode { id } userErrors { code } } }`,
      { input: { title: "Free shipping", code: "SHIPFREE", startsAt: "2026-01-01T00:00:00Z", destination: { all: true }, maximumShippingPrice: "10.00", appliesOncePerCustomer: true } },
    );
    expect(created.body.data!.discountCodeFreeShippingCreate.userErrors).toEqual([]);
    expect(standin.findDiscountCode(shop.domain, "shipfree")).toMatchObject({ kind: "free_shipping", maximumShippingMinor: 1000n, appliesOncePerCustomer: true });
    const id = created.body.data!.discountCodeFreeShippingCreate.codeDiscountNode.id;
    const status = `query S($id: ID!) { codeDiscountNode(id: $id) { codeDiscount { ... on DiscountCodeFreeShipping { status maximumShippingPrice { amount } } } } }`;
    expect((await gql(status, { id })).body.data!.codeDiscountNode.codeDiscount).toEqual({ status: "ACTIVE", maximumShippingPrice: { amount: "10.00" } });
    const off = await gql(`mutation D($id: ID!) { discountCodeDeactivate(id: $id) { userErrors { code } } }`, { id });
    expect(off.body.data!.discountCodeDeactivate.userErrors).toEqual([]);
    expect((await gql(status, { id })).body.data!.codeDiscountNode.codeDiscount.status).toBe("EXPIRED");
  });
  it("answers a code's customerGets (value and items) and counts its uses from the orders that carry it", async () => {
    const { shop, gql } = installedShop(standin);
    const candle = shop.products.find((p) => p.title === "Cedar Candle")!;
    const variantGid = `gid://shopify/ProductVariant/${candle.variants[0]!.id}`;
    const created = await gql(BASIC_CREATE, {
      input: input({ code: "ONECANDLE", customerGets: { value: { discountAmount: { amount: "32.00", appliesOnEachItem: false } }, items: { products: { productVariantsToAdd: [variantGid] } } } }),
    });
    const id = created.body.data!.discountCodeBasicCreate.codeDiscountNode.id;
    const read = `query R($id: ID!) { codeDiscountNode(id: $id) { codeDiscount { ... on DiscountCodeBasic { asyncUsageCount customerGets {
      value { ... on DiscountAmount { amount { amount } appliesOnEachItem } }
      items { __typename ... on DiscountProducts { productVariants(first: 5) { nodes { id price product { title } } } products(first: 5) { nodes { id } } } }
    } } } } }`;
    const before = await gql(read, { id });
    expect(before.body.errors).toBeUndefined();
    expect(before.body.data!.codeDiscountNode.codeDiscount).toEqual({
      asyncUsageCount: 0,
      customerGets: {
        value: { amount: { amount: "32.00" }, appliesOnEachItem: false },
        items: { __typename: "DiscountProducts", productVariants: { nodes: [{ id: variantGid, price: "32.00", product: { title: "Cedar Candle" } }] }, products: { nodes: [] } },
      },
    });
    const all = await gql(read, { id: (await gql(BASIC_CREATE, { input: input() })).body.data!.discountCodeBasicCreate.codeDiscountNode.id });
    expect(all.body.data!.codeDiscountNode.codeDiscount.customerGets.items).toEqual({ __typename: "AllDiscountItems" });
    // Unpaid (pending) orders count: a use is an order placed with the code.
    await standin.placeOrder(shop.domain, { lines: [{ variantId: candle.variants[0]!.id.toString(), quantity: 3 }], discountCodes: ["onecandle"], financialStatus: "pending", webhooks: false });
    expect((await gql(read, { id })).body.data!.codeDiscountNode.codeDiscount.asyncUsageCount).toBe(1);
    const price = await gql(`query V($id: ID!) { productVariant(id: $id) { id price } }`, { id: variantGid });
    expect(price.body.data!.productVariant).toEqual({ id: variantGid, price: "32.00" });
  });
});

describe("customer mutations", () => {
  it("debits store credit down to zero and refuses to overdraw", async () => {
    const { shop, gql } = installedShop(standin);
    const c = await standin.createCustomer(shop.domain, { email: "credit@example.com" }, { webhook: false });
    const id = `gid://shopify/Customer/${c.id}`;
    const credit = `mutation C($id: ID!, $c: StoreCreditAccountCreditInput!) { storeCreditAccountCredit(id: $id, creditInput: $c) { storeCreditAccountTransaction { account { id } } userErrors { code } } }`;
    const debit = `mutation D($id: ID!, $d: StoreCreditAccountDebitInput!) { storeCreditAccountDebit(id: $id, debitInput: $d) { storeCreditAccountTransaction { amount { amount } balanceAfterTransaction { amount } } userErrors { field code } } }`;
    const account = (await gql(credit, { id, c: { creditAmount: { amount: "10.00", currencyCode: "USD" } } })).body.data!.storeCreditAccountCredit.storeCreditAccountTransaction.account.id;
    const ok = await gql(debit, { id: account, d: { debitAmount: { amount: "4.25", currencyCode: "USD" } } });
    expect(ok.body.data!.storeCreditAccountDebit.storeCreditAccountTransaction).toEqual({ amount: { amount: "-4.25" }, balanceAfterTransaction: { amount: "5.75" } });
    const over = await gql(debit, { id: account, d: { debitAmount: { amount: "6.00", currencyCode: "USD" } } });
    expect(over.body.data!.storeCreditAccountDebit.userErrors).toEqual([{ field: ["debitInput", "debitAmount", "amount"], code: "INSUFFICIENT_FUNDS" }]);
    expect(c.storeCredit.get("USD")).toBe(575n);
    const missing = await gql(debit, { id: "gid://shopify/Customer/5", d: { debitAmount: { amount: "1.00", currencyCode: "USD" } } });
    expect(missing.body.data!.storeCreditAccountDebit.userErrors[0].code).toBe("ACCOUNT_NOT_FOUND");
  });

  it("metafieldsSet resolves $app, writes shop metafields, and honours compareDigest", async () => {
    const { shop, gql } = installedShop(standin);
    const set = `mutation S($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { namespace key value compareDigest } userErrors { field code elementIndex } } }`;
    const shopId = `gid://shopify/Shop/${shop.id}`;
    const first = await gql(set, { m: [{ ownerId: shopId, namespace: "$app", key: "program", type: "json", value: '{"v":1}' }] });
    const written = first.body.data!.metafieldsSet.metafields[0];
    expect(written.namespace).toBe("app--tally-rewards-dev");
    const read = await gql(`query { shop { metafield(namespace: "$app", key: "program") { value } } }`);
    expect(read.body.data!.shop.metafield).toEqual({ value: '{"v":1}' });
    const stale = await gql(set, { m: [{ ownerId: shopId, namespace: "$app", key: "program", type: "json", value: '{"v":2}', compareDigest: "not-the-digest" }] });
    expect(stale.body.data!.metafieldsSet.userErrors).toEqual([{ field: ["metafields", "0", "compareDigest"], code: "STALE_OBJECT", elementIndex: 0 }]);
    const fresh = await gql(set, { m: [{ ownerId: shopId, namespace: "$app", key: "program", type: "json", value: '{"v":2}', compareDigest: written.compareDigest }] });
    expect(fresh.body.data!.metafieldsSet.userErrors).toEqual([]);
    const mustBeNew = await gql(set, { m: [{ ownerId: shopId, namespace: "$app", key: "program", type: "json", value: "{}", compareDigest: null }] });
    expect(mustBeNew.body.data!.metafieldsSet.userErrors[0].code).toBe("STALE_OBJECT");
    expect(shop.metafields.get("app--tally-rewards-dev.program")!.value).toBe('{"v":2}');
  });

  it("customerUpdate and tagsAdd change the customer and fire customers/update; an unchanged tag set fires nothing", async () => {
    const { shop, gql } = installedShop(standin);
    const c = await standin.createCustomer(shop.domain, { email: "old@example.com" }, { webhook: false });
    const id = `gid://shopify/Customer/${c.id}`;
    receiver.received.length = 0;
    const updated = await gql(`mutation U($input: CustomerInput!) { customerUpdate(input: $input) { customer { email firstName } userErrors { field message } } }`, { input: { id, email: "new@example.com", firstName: "Nova" } });
    expect(updated.body.data!.customerUpdate).toEqual({ customer: { email: "new@example.com", firstName: "Nova" }, userErrors: [] });
    await standin.createCustomer(shop.domain, { email: "taken@example.com" }, { webhook: false });
    const taken = await gql(`mutation U($input: CustomerInput!) { customerUpdate(input: $input) { customer { email } userErrors { field message } } }`, { input: { id, email: "TAKEN@example.com" } });
    expect(taken.body.data!.customerUpdate).toEqual({ customer: null, userErrors: [{ field: ["email"], message: "Email has already been taken" }] });
    await gql(`mutation { tagsAdd(id: "${id}", tags: ["gold"]) { userErrors { message } } }`);
    await gql(`mutation { tagsAdd(id: "${id}", tags: ["gold"]) { userErrors { message } } }`);
    await standin.webhooks.settle();
    const updates = receiver.received.filter((r) => r.headers["x-shopify-topic"] === "customers/update" && r.body.includes(String(c.id)));
    expect(updates).toHaveLength(2);
    expect(updates[1]!.body).toContain('"tags":"gold"');
  });
});

describe("cost and throttling", () => {
  it("charges connections by first × children, mutations 10, and refuses a query over 1000", async () => {
    const { gql } = installedShop(standin);
    const q = await gql("query { customers(first: 10) { nodes { id } } }");
    expect(q.body.extensions.cost).toMatchObject({ requestedQueryCost: 12, actualQueryCost: 12 });
    const m = await gql(`mutation { tagsAdd(id: "gid://shopify/Customer/1", tags: ["x"]) { userErrors { message } } }`);
    expect(m.body.extensions.cost.requestedQueryCost).toBe(10);
    const big = await gql("query { orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }");
    expect(big.body.errors[0].extensions.code).toBe("MAX_COST_EXCEEDED");
    expect(big.body.data).toBeUndefined();
    expect(big.body.extensions.cost.throttleStatus.maximumAvailable).toBe(1000);
  });

  it("spends the bucket, answers THROTTLED without executing, and refills at the restore rate", async () => {
    let now = new Date("2026-11-01T00:00:00Z");
    const s = await startStandin({ appUrl: receiver.url, now: () => now });
    try {
      const { shop, gql } = installedShop(s, { plan: "plus" });
      const tag = (t: string) => gql(`mutation { tagsAdd(id: "gid://shopify/Customer/${c.id}", tags: ["${t}"]) { userErrors { message } } }`);
      const c = await s.createCustomer(shop.domain, { email: "t@example.com" }, { webhook: false });
      s.setThrottle(shop.domain, { maximumAvailable: 25, restoreRate: 5 });
      expect((await tag("a")).body.extensions.cost.throttleStatus).toEqual({ maximumAvailable: 25, currentlyAvailable: 15, restoreRate: 5 });
      await tag("b");
      const throttled = await tag("c");
      expect(throttled.body.errors).toEqual([{ message: "Throttled", extensions: expect.objectContaining({ code: "THROTTLED" }) }]);
      expect(throttled.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(5);
      expect(c.tags).toEqual(["a", "b"]);
      now = new Date(now.getTime() + 1000);
      expect((await tag("c")).body.errors).toBeUndefined();
      expect(c.tags).toEqual(["a", "b", "c"]);
    } finally {
      await s.close();
    }
  });
});

describe("failNext", () => {
  it("throttles, drops the connection, or answers a userError for the next matching operation only", async () => {
    const { shop, gql } = installedShop(standin);
    standin.failNext({ operation: "codeDiscountNodeByCode", times: 2 }, "throttled");
    expect((await gql(`query { shop { name } }`)).body.errors).toBeUndefined();
    expect((await gql(`query { codeDiscountNodeByCode(code: "X") { id } }`)).body.errors[0].extensions.code).toBe("THROTTLED");
    expect((await gql(`query { codeDiscountNodeByCode(code: "X") { id } }`)).body.errors[0].extensions.code).toBe("THROTTLED");
    expect((await gql(`query { codeDiscountNodeByCode(code: "X") { id } }`)).body).toMatchObject({ data: { codeDiscountNodeByCode: null } });

    standin.failNext({ operation: "shop" }, "networkError");
    await expect(gql(`query { shop { name } }`)).rejects.toThrow();

    standin.failNext({ operation: "discountCodeBasicCreate" }, "userError");
    const failed = await gql(BASIC_CREATE, { input: { title: "t", code: "INJECTED", startsAt: "2026-01-01T00:00:00Z", customerGets: { value: { percentage: 0.1 }, items: { all: true } } } });
    expect(failed.body.data!.discountCodeBasicCreate.userErrors).toHaveLength(1);
    expect(standin.findDiscountCode(shop.domain, "INJECTED")).toBeUndefined();
  });

  it("actedThenDropped carries the mutation out, then drops the connection before answering", async () => {
    const { shop, gql } = installedShop(standin);
    standin.failNext({ operation: "discountCodeBasicCreate" }, "actedThenDropped");
    await expect(gql(BASIC_CREATE, { input: { title: "t", code: "DROPPED", startsAt: "2026-01-01T00:00:00Z", customerGets: { value: { percentage: 0.1 }, items: { all: true } } } })).rejects.toThrow();
    expect(standin.findDiscountCode(shop.domain, "DROPPED")).toBeDefined();
  });
});
