// Other actions on a real database: a click-based social follow with a limit per shop-local day
// (also under concurrent clicks), email sign-up from the customers/* webhooks' marketing consent
// (stand-in payloads through the inbox) granted once, and the signed review endpoint (route called
// with a real Request): signature, replay by review id, limit per month, members found by email.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "../../../app/errors/app-error";
import { defaultProgramSettings } from "../../../app/loyalty/program-settings";
import { action as reviewsAction } from "../../../app/routes/api.reviews";
import { rotateReviewSecret, signReviewBody } from "../../../app/services/actions/product-review.server";
import { recordSocialFollow } from "../../../app/services/actions/social-follow.server";
import { receiveWebhook } from "../../../app/services/inbox/receive-webhook.server";
import { drainInbox } from "../../../app/services/inbox/worker.server";
import { replayShop } from "../../../app/services/ledger/replay.server";
import { saveProgramSettings } from "../../../app/services/program/settings.server";
import { topicHandlers } from "../../../app/services/webhooks/topic-handlers.server";
import { customerPayload, toShopifyJson } from "../../standin/payloads";
import { type Standin, startStandin } from "../../standin/index";
import { bigId } from "../../support/orders";
import { testDb, testProvider } from "../../support/test-db";
import { webhookRequest } from "../../support/webhook-request";
import { refusal } from "../../support/refusal";

const at = (iso: string) => new Date(iso);

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin({ appUrl: "http://127.0.0.1:9" });
});
afterAll(async () => {
  await standin.close();
});

async function shopWith(actions: Record<string, unknown>, timezone = "UTC", domain = `actions-${bigId()}.myshopify.com`) {
  const shop = await testDb().shop.create({ data: { domain, timezone } });
  await saveProgramSettings(testDb(), shop.id, { ...defaultProgramSettings(), actions });
  return shop;
}

const balanceOf = async (shopId: string, customerId: string) =>
  (await testDb().member.findUnique({ where: { shopId_customerId: { shopId, customerId } }, select: { balance: true } }))?.balance ?? null;

describe(`other actions on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("a social follow earns once per shop-local day, never more under concurrent clicks", async () => {
    const shop = await shopWith({ socialFollow: { instagram: { enabled: true, points: 50, url: "https://instagram.com/bath", limit: { count: 1, period: "day" } } } }, "America/Los_Angeles");
    const customer = bigId();
    // 10 June 23:00 in Los Angeles = 11 June 06:00Z.
    expect(await recordSocialFollow(testDb(), shop.id, customer, "instagram", { now: at("2026-06-11T06:00:00Z") })).toMatchObject({ points: 50, balance: 50, url: "https://instagram.com/bath" });
    expect(await refusal(recordSocialFollow(testDb(), shop.id, customer, "instagram", { now: at("2026-06-11T06:59:00Z") }))).toMatchObject({ code: "limit_reached", status: 409 });
    // 11 June 00:00 in Los Angeles: a new day.
    expect(await recordSocialFollow(testDb(), shop.id, customer, "instagram", { now: at("2026-06-11T07:00:00Z") })).toMatchObject({ balance: 100 });
    expect(await refusal(recordSocialFollow(testDb(), shop.id, customer, "tiktok"))).toMatchObject({ code: "action_not_available", status: 404 });
    expect(await refusal(recordSocialFollow(testDb(), shop.id, customer, "myspace"))).toMatchObject({ code: "action_not_available" });

    const racer = bigId();
    const now = at("2026-06-12T12:00:00Z");
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => recordSocialFollow(testDb(), shop.id, racer, "instagram", { now })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.flatMap((r) => (r.status === "rejected" ? [(r.reason as AppError).code] : []))).toEqual(Array(7).fill("limit_reached"));
    expect(await balanceOf(shop.id, racer)).toBe(50);
    const entry = await testDb().ledgerEntry.findFirstOrThrow({ where: { shopId: shop.id, member: { customerId: racer } } });
    expect(entry).toMatchObject({ kind: "bonus", sourceType: "action", sourceId: "social_follow:instagram", reason: "Followed on instagram" });
    expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
  });

  it("grants the email sign-up once when Shopify's marketing consent says subscribed", async () => {
    const remote = standin.createShop({ name: "Consent Shop" });
    const shop = await shopWith({ emailSignup: { enabled: true, points: 100 } }, "UTC", remote.domain);
    const customer = await standin.createCustomer(remote.domain, { email: "news@example.com" }, { webhook: false });
    const deliver = async (topic: string) => {
      await receiveWebhook(testDb(), webhookRequest(topic, toShopifyJson(customerPayload(remote, customer, topic)), { shop: remote.domain }));
      await drainInbox({ db: testDb(), provider: testProvider(), handlers: topicHandlers });
    };
    await deliver("customers/create");
    const id = customer.id.toString();
    expect(await balanceOf(shop.id, id)).toBe(0);
    customer.emailMarketingState = "SUBSCRIBED";
    await deliver("customers/update");
    expect(await balanceOf(shop.id, id)).toBe(100);
    await deliver("customers/update");
    customer.emailMarketingState = "UNSUBSCRIBED";
    await deliver("customers/update");
    customer.emailMarketingState = "SUBSCRIBED";
    await deliver("customers/update");
    expect(await balanceOf(shop.id, id)).toBe(100);
    expect(await testDb().ledgerEntry.count({ where: { shopId: shop.id, sourceId: "email_signup" } })).toBe(1);
    expect(await testDb().webhookDelivery.count({ where: { shopDomain: remote.domain, status: { not: "processed" } } })).toBe(0);
  });

  it("credits signed reviews once per review id, within the limit per month, and refuses unsigned ones", async () => {
    const shop = await shopWith({ productReview: { enabled: true, points: 30, limit: { count: 2, period: "month" } } });
    const secret = await rotateReviewSecret(testDb(), shop.id);
    const customer = bigId();
    const post = async (body: unknown, opts: { secret?: string; domain?: string; signature?: string } = {}) => {
      const raw = JSON.stringify(body);
      const request = new Request("http://localhost/api/reviews", {
        method: "POST",
        headers: { "content-type": "application/json", "X-Tally-Shop-Domain": opts.domain ?? shop.domain, "X-Tally-Signature": opts.signature ?? signReviewBody(raw, opts.secret ?? secret) },
        body: raw,
      });
      const response = await reviewsAction({ request, params: {}, context: {} });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    expect(await post({ reviewId: "r-1", customerId: customer, productId: "p-1", rating: 5 })).toEqual({ status: 200, body: { granted: true, points: 30 } });
    expect(await post({ reviewId: "r-1", customerId: customer })).toEqual({ status: 200, body: { granted: false, reason: "already_granted" } });
    expect(await post({ reviewId: "r-2", customerId: customer })).toMatchObject({ body: { granted: true } });
    expect(await post({ reviewId: "r-3", customerId: customer })).toEqual({ status: 200, body: { granted: false, reason: "limit_reached" } });
    expect(await balanceOf(shop.id, customer)).toBe(60);

    expect(await post({ reviewId: "r-4", customerId: customer }, { secret: "not-the-secret" })).toMatchObject({ status: 401, body: { error: { code: "invalid_signature" } } });
    expect(await post({ reviewId: "r-4", customerId: customer }, { signature: "abc" })).toMatchObject({ status: 401 });
    expect(await post({ reviewId: "r-4", customerId: customer }, { domain: "unknown.myshopify.com" })).toMatchObject({ status: 401 });
    expect(await post({ reviewId: "r-4" })).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });

    // By email: credited to the member with that email; an unknown email is not a member.
    const byEmail = bigId();
    await testDb().member.create({ data: { shopId: shop.id, customerId: byEmail, email: "reviewer@example.com" } });
    expect(await post({ reviewId: "r-5", email: "reviewer@example.com" })).toMatchObject({ body: { granted: true, points: 30 } });
    expect(await post({ reviewId: "r-6", email: "nobody@example.com" })).toEqual({ status: 200, body: { granted: false, reason: "not_a_member" } });
    expect(await balanceOf(shop.id, byEmail)).toBe(30);

    // A rotated secret replaces the old one.
    const newSecret = await rotateReviewSecret(testDb(), shop.id);
    expect(await post({ reviewId: "r-7", customerId: bigId() }, { secret })).toMatchObject({ status: 401 });
    expect(await post({ reviewId: "r-7", customerId: bigId() }, { secret: newSecret })).toMatchObject({ status: 200, body: { granted: true } });
    // The signature is over the bytes as sent: a body that is not UTF-8, signed as such, is verified
    // and then refused as unreadable (400), not refused as mis-signed; a byte-order mark is refused too.
    const postBytes = async (bytes: Buffer) => {
      const request = new Request("http://localhost/api/reviews", {
        method: "POST",
        headers: { "content-type": "application/json", "X-Tally-Shop-Domain": shop.domain, "X-Tally-Signature": signReviewBody(bytes, newSecret) },
        body: new Uint8Array(bytes),
      });
      const response = await reviewsAction({ request, params: {}, context: {} });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const json = Buffer.from(JSON.stringify({ reviewId: "r-8", customerId: bigId(), note: "X" }));
    const invalidUtf8 = Buffer.concat([json.subarray(0, json.length - 3), Buffer.from([0xff, 0xfe]), json.subarray(json.length - 2)]);
    expect(await postBytes(invalidUtf8)).toMatchObject({ status: 400, body: { error: { code: "invalid_request", message: "The body is not UTF-8 text." } } });
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json]);
    expect(await postBytes(withBom)).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
  });
});
