// A stand-in with a state file (the demo's) keeps its Shopify across a restart: the app's access
// token, customers, orders with refunds, discount codes with their usage, and ids that never
// collide with saved ones.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { startStandin } from "./index";
import { adminGraphql } from "./test-helpers";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-standin-state-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("stand-in state file", () => {
  it("loads what an earlier stand-in wrote, so the same token, records and codes still work", async () => {
    const stateFile = path.join(dir, "standin.json");
    const first = await startStandin({ appUrl: "http://127.0.0.1:9", stateFile });
    const shop = first.createShop({ name: "Kept Shop" });
    const { accessToken } = first.installApp(shop.domain);
    const grace = await first.createCustomer(shop.domain, { firstName: "Grace", email: "grace@example.com" }, { webhook: false });
    const product = shop.products[0]!;
    const created = await adminGraphql(first, shop.domain, accessToken, `mutation C($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { message } } }`, {
      input: { title: "Five off", code: "KEEP5", startsAt: "2026-01-01T00:00:00Z", customerSelection: { all: true }, customerGets: { value: { discountAmount: { amount: "5.00", appliesOnEachItem: false } }, items: { all: true } } },
    });
    expect(created.body.data!.discountCodeBasicCreate.userErrors).toEqual([]);
    const order = await first.placeOrder(shop.domain, { customerId: grace.id.toString(), lines: [{ variantId: product.variants[0]!.id.toString(), quantity: 2 }], discountCodes: ["KEEP5"], webhooks: false });
    await first.refundOrder(shop.domain, order.id.toString(), { lines: [{ lineItemId: order.lines[0]!.id.toString(), quantity: 1 }], webhooks: false });
    await first.close();
    expect(fs.existsSync(stateFile)).toBe(true);

    // A new process: the stand-in's modules (and their id counters) loaded afresh.
    vi.resetModules();
    const fresh = (await import("./index")).startStandin;
    const second = await fresh({ appUrl: "http://127.0.0.1:9", stateFile });
    try {
      const kept = second.state.shop(shop.domain);
      expect(kept.customers.get(grace.id)).toMatchObject({ firstName: "Grace", email: "grace@example.com", createdAt: grace.createdAt });
      expect(kept.orders.get(order.id)).toMatchObject({ financialStatus: "partially_refunded", refunds: [expect.objectContaining({ orderId: order.id })] });
      expect(second.findDiscountCode(shop.domain, "KEEP5")).toMatchObject({ usageCount: 1, usedByCustomers: new Set([grace.id]) });
      // The token the app holds still works against the Admin API.
      const answer = await adminGraphql(second, shop.domain, accessToken, `query($id: ID!) { customer(id: $id) { firstName } }`, { id: `gid://shopify/Customer/${grace.id}` });
      expect(answer).toMatchObject({ status: 200, body: { data: { customer: { firstName: "Grace" } } } });
      // New records continue after the saved ids.
      const next = await second.createCustomer(shop.domain, { firstName: "Ada" }, { webhook: false });
      expect(next.id > grace.id).toBe(true);
      const nextProduct = second.state.addAdHocProduct(second.state.shop(shop.domain), { title: "New" });
      expect(kept.products.filter((p) => p.id === nextProduct.id)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
