import { beforeAll, describe, expect, it } from "vitest";
import { receiveWebhook } from "../../../app/services/inbox/receive-webhook.server";
import { testDb } from "../../support/test-db";
import { webhookRequest } from "../../support/webhook-request";

const order = '{"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508","customer":{"id":115310627314723954,"admin_graphql_api_id":"gid://shopify/Customer/115310627314723954"}}';

describe(`webhook intake on ${process.env.TEST_DB_PROVIDER}`, () => {
  beforeAll(async () => {
    await testDb().shop.create({ data: { domain: "demo-bath.myshopify.com" } });
  });

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

  it("verifies the signature over the raw bytes: a signed body with a byte-order mark is stored failed, not refused", async () => {
    // Decoding first drops the BOM, so the HMAC of the decoded text never matched (401) and
    // Shopify would have retried a delivery it had signed correctly.
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(order)]);
    const outcome = await receiveWebhook(testDb(), webhookRequest("orders/paid", bytes, { webhookId: "w-bom" }));
    expect(outcome).toMatchObject({ status: 200, stored: "failed" });
    const stored = await testDb().webhookDelivery.findFirstOrThrow({ where: { webhookId: "w-bom" } });
    expect(stored.lastError).toMatch(/byte-order mark/);
  });

  it("a signed body with invalid UTF-8 is verified as signed, then stored failed as unparseable (never a 500)", async () => {
    const bytes = Buffer.concat([Buffer.from('{"id":1,"note":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
    const outcome = await receiveWebhook(testDb(), webhookRequest("orders/paid", bytes, { webhookId: "w-utf8" }));
    expect(outcome).toMatchObject({ status: 200, stored: "failed" });
    const stored = await testDb().webhookDelivery.findFirstOrThrow({ where: { webhookId: "w-utf8" } });
    expect(stored.lastError).toMatch(/not valid UTF-8/);
    expect(stored.payload).toContain("\uFFFD");
  });

  it("refuses bytes that differ from the signed ones even when they decode to the same text", async () => {
    // Signed without the BOM, sent with it: decoded text is identical, the bytes are not.
    const request = webhookRequest("orders/paid", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(order)]), {
      hmac: webhookRequest("orders/paid", order).headers.get("x-shopify-hmac-sha256")!,
      webhookId: "w-bom-forged",
    });
    expect((await receiveWebhook(testDb(), request)).status).toBe(401);
    expect(await testDb().webhookDelivery.count({ where: { webhookId: "w-bom-forged" } })).toBe(0);
  });

  it("answers 413 to a body over 1 MB, by its Content-Length, before reading it", async () => {
    const request = webhookRequest("orders/paid", "x", { webhookId: "w-declared" });
    const declared = new Request(request.url, {
      method: "POST",
      headers: { ...Object.fromEntries(request.headers), "content-length": String(200 * 1024 * 1024) },
      body: neverEnding(() => undefined),
      duplex: "half",
    } as RequestInit);
    expect((await receiveWebhook(testDb(), declared)).status).toBe(413);
  });

  it("answers 413 to a streamed body over 1 MB, reading no more than the limit", async () => {
    let pulled = 0;
    const request = webhookRequest("orders/paid", "x", { webhookId: "w-streamed" });
    const streamed = new Request(request.url, {
      method: "POST",
      headers: request.headers,
      body: neverEnding((n) => (pulled += n)),
      duplex: "half",
    } as RequestInit);
    const outcome = await receiveWebhook(testDb(), streamed);
    expect(outcome.status).toBe(413);
    expect(pulled).toBeLessThan(1024 * 1024 + 128 * 1024);
    expect(await testDb().webhookDelivery.count({ where: { webhookId: "w-streamed" } })).toBe(0);
  });
});

/** An endless body, 64 KB at a time; `onChunk` is told how many bytes each pull produced. */
function neverEnding(onChunk: (bytes: number) => void): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  return new ReadableStream({
    pull(controller) {
      onChunk(chunk.byteLength);
      controller.enqueue(chunk);
    },
  });
}
