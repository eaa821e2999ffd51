import { describe, expect, it } from "vitest";
import { receiveWebhook } from "../../../app/services/inbox/receive-webhook.server";
import { testDb } from "../../support/test-db";
import { webhookRequest } from "../../support/webhook-request";

const order = '{"id":820982911946154508,"customer":{"id":115310627314723954,"admin_graphql_api_id":"gid://shopify/Customer/115310627314723954"}}';

describe(`webhook intake on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("stores a signed delivery byte for byte and acknowledges it", async () => {
    const outcome = await receiveWebhook(testDb(), webhookRequest("orders/paid", order, { webhookId: "w-1" }));
    expect(outcome).toMatchObject({ status: 200, duplicate: false, stored: "received" });
    const stored = await testDb().webhookDelivery.findFirstOrThrow({ where: { webhookId: "w-1" } });
    expect(stored).toMatchObject({ topic: "orders/paid", shopDomain: "demo-bath.myshopify.com", status: "received", apiVersion: "2026-10" });
    expect(stored.payload).toBe(order);
    expect(stored.payload).toContain("820982911946154508");
    expect(stored.orderingKey).toMatch(/^customer:/);
  });

  it("keys deliveries by the exact customer id, even beyond 2^53", async () => {
    // Both ids are the same double (115310627314723950); they are different customers.
    const a = order.replaceAll("115310627314723954", "115310627314723953");
    await receiveWebhook(testDb(), webhookRequest("orders/paid", a, { webhookId: "w-exact-a" }));
    await receiveWebhook(testDb(), webhookRequest("orders/paid", order, { webhookId: "w-exact-b" }));
    const keys = await testDb().webhookDelivery.findMany({ where: { webhookId: { in: ["w-exact-a", "w-exact-b"] } }, orderBy: { webhookId: "asc" }, select: { orderingKey: true } });
    expect(keys.map((k) => k.orderingKey)).toEqual(["customer:115310627314723953", "customer:115310627314723954"]);
  });

  it("acknowledges a repeated webhook id without storing it twice", async () => {
    const first = await receiveWebhook(testDb(), webhookRequest("orders/paid", order, { webhookId: "w-dup" }));
    const second = await receiveWebhook(testDb(), webhookRequest("orders/paid", order, { webhookId: "w-dup" }));
    expect(second).toMatchObject({ status: 200, duplicate: true });
    expect(first.status === 200 && second.status === 200 && first.deliveryId === second.deliveryId).toBe(true);
    expect(await testDb().webhookDelivery.count({ where: { webhookId: "w-dup" } })).toBe(1);
  });

  it("rejects a forged HMAC with 401 and stores nothing", async () => {
    const before = await testDb().webhookDelivery.count();
    const outcome = await receiveWebhook(testDb(), webhookRequest("orders/paid", order, { secret: "not-the-secret" }));
    expect(outcome.status).toBe(401);
    expect(await testDb().webhookDelivery.count()).toBe(before);
  });

  it("rejects a body changed after signing with 401", async () => {
    const request = webhookRequest("orders/paid", order.replace("820982911946154508", "820982911946154509"), {
      hmac: webhookRequest("orders/paid", order).headers.get("x-shopify-hmac-sha256")!,
    });
    expect((await receiveWebhook(testDb(), request)).status).toBe(401);
  });

  it("answers 400 when a required Shopify header is missing, and 405 for GET", async () => {
    const outcome = await receiveWebhook(testDb(), webhookRequest("orders/paid", order, { omit: ["x-shopify-webhook-id"] }));
    expect(outcome.status).toBe(400);
    const get = await receiveWebhook(testDb(), new Request("http://localhost/webhooks/orders/paid"));
    expect(get.status).toBe(405);
  });

  it("keeps a signed body that is not JSON as a failed delivery with the reason", async () => {
    const outcome = await receiveWebhook(testDb(), webhookRequest("orders/paid", "{not json", { webhookId: "w-bad" }));
    expect(outcome).toMatchObject({ status: 200, stored: "failed" });
    const stored = await testDb().webhookDelivery.findFirstOrThrow({ where: { webhookId: "w-bad" } });
    expect(stored.status).toBe("failed");
    expect(stored.lastError).toMatch(/not valid JSON/);
    expect(stored.payload).toBe("{not json");
  });
});
