// Rewards against the Shopify stand-in: two-phase redemption into real discount codes, consumed
// by an order that uses the code, released on expiry, cancellation or a Shopify failure, and
// safe when one shopper fires 50 requests at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../../app/errors/app-error";
import { receiveWebhook } from "../../../app/services/inbox/receive-webhook.server";
import { drainInbox } from "../../../app/services/inbox/worker.server";
import { ensureMember } from "../../../app/services/ledger/members.server";
import { postEntry } from "../../../app/services/ledger/post-entry.server";
import { replayShop } from "../../../app/services/ledger/replay.server";
import { createReward } from "../../../app/services/rewards/catalog.server";
import { withIdempotency } from "../../../app/services/rewards/idempotency.server";
import { cancelRedemption, redeemReward, sweepRedemptions } from "../../../app/services/rewards/redemptions.server";
import { topicHandlers } from "../../../app/services/webhooks/topic-handlers.server";
import { toShopifyJson } from "../../standin/payloads";
import { type Standin, startStandin } from "../../standin/index";
import { standinAdmin } from "../../support/standin-admin";
import { testDb, testProvider } from "../../support/test-db";
import { webhookRequest } from "../../support/webhook-request";

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin({ appUrl: "http://127.0.0.1:9" });
});
afterAll(async () => {
  await standin.close();
});

async function setup(points: number, reward: Record<string, unknown> = {}) {
  const remote = standin.createShop({ name: "Reward Shop" });
  const shop = await testDb().shop.create({ data: { domain: remote.domain, currency: "USD" } });
  const customer = await standin.createCustomer(remote.domain, { email: "ada@example.com" }, { webhook: false });
  const member = await ensureMember(testDb(), shop.id, customer.id.toString());
  if (points) await postEntry(testDb(), { shopId: shop.id, memberId: member.id, kind: "adjust", businessKey: `seed:${member.id}`, points });
  const r = await createReward(testDb(), shop.id, { title: "$5 off", type: "fixed_amount", pointsCost: 500, config: { amount: "5.00" }, codeValidityDays: 30, ...reward });
  const admin = standinAdmin(standin, remote.domain);
  const ctx = (now = new Date()) => ({ db: testDb(), shopId: shop.id, currency: "USD", admin, now });
  return { remote, shop, customer, member, reward: r, admin, ctx };
}

const balanceOf = async (memberId: string) => testDb().member.findUniqueOrThrow({ where: { id: memberId }, select: { balance: true, held: true } });

describe(`redemption on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("holds the points and creates a single-use code for that customer, with its value and expiry", async () => {
    const { remote, customer, member, reward, ctx } = await setup(1200);
    const now = new Date();
    const redemption = await redeemReward(ctx(now), { customerId: customer.id.toString(), rewardId: reward.id });
    expect(redemption.status).toBe("issued");
    expect(await balanceOf(member.id)).toEqual({ balance: 700, held: 500 });
    const code = standin.findDiscountCode(remote.domain, redemption.code!)!;
    expect(code).toMatchObject({ kind: "basic", usageLimit: 1, appliesOncePerCustomer: true, customerIds: [customer.id], value: { type: "amount", amountMinor: 500n } });
    expect(code.endsAt!.getTime()).toBe(now.getTime() + 30 * 24 * 3600_000);
    expect(redemption.code).toMatch(/^TALLY-[A-Z2-9]{5}-[A-Z2-9]{5}$/);
  });

  it("an order that uses the code consumes the redemption", async () => {
    const { remote, customer, member, reward, ctx } = await setup(600);
    const redemption = await redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: reward.id });
    const candle = remote.products.find((p) => p.title === "Cedar Candle")!.variants[0]!;
    const order = await standin.placeOrder(remote.domain, { customerId: customer.id.toString(), lines: [{ variantId: candle.id.toString() }], discountCodes: [redemption.code!], webhooks: false });
    const body = toShopifyJson(standin.orderPayload(remote.domain, order.id.toString()));
    expect((await receiveWebhook(testDb(), webhookRequest("orders/paid", body, { shop: remote.domain }))).status).toBe(200);
    await drainInbox({ db: testDb(), provider: testProvider(), handlers: topicHandlers });
    const after = await testDb().redemption.findUniqueOrThrow({ where: { id: redemption.id } });
    expect(after).toMatchObject({ status: "consumed", orderId: order.id.toString() });
    // 100 left + 27 points for the 32.00 candle less the 5.00 reward.
    expect(await balanceOf(member.id)).toEqual({ balance: 127, held: 0 });
    expect((await replayShop(testDb(), member.shopId)).mismatches).toEqual([]);
  });

  it("a free product reward makes exactly one unit free, however many are in the cart", async () => {
    const { remote, customer, member, ctx, shop } = await setup(1000);
    const candle = remote.products.find((p) => p.title === "Cedar Candle")!.variants[0]!;
    const other = remote.products.find((p) => p.title !== "Cedar Candle" && !p.giftCard)!.variants[0]!;
    const free = await createReward(testDb(), shop.id, { title: "Free candle", type: "free_product", pointsCost: 400, config: { variantId: candle.id.toString(), productTitle: "Cedar Candle" } });
    const redemption = await redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: free.id });
    expect(redemption).toMatchObject({ status: "issued", pointsCost: 400 });
    expect(await balanceOf(member.id)).toEqual({ balance: 600, held: 400 });
    const order = await standin.placeOrder(remote.domain, {
      customerId: customer.id.toString(),
      lines: [{ variantId: candle.id.toString(), quantity: 3 }, { variantId: other.id.toString(), quantity: 2 }],
      discountCodes: [redemption.code!],
      webhooks: false,
    });
    // One candle's price off the candle line; the other product is not discounted.
    expect(order.lines.map((l) => l.discountMinor)).toEqual([candle.priceMinor, 0n]);
    expect(order.discountCodes).toEqual([{ code: redemption.code!, amountMinor: candle.priceMinor, type: "fixed_amount" }]);
  });

  it("a free product code still takes the whole unit off with one in the cart, and refuses a cart without it", async () => {
    const { remote, customer, ctx, shop } = await setup(1000);
    const candle = remote.products.find((p) => p.title === "Cedar Candle")!.variants[0]!;
    const other = remote.products.find((p) => p.title !== "Cedar Candle" && !p.giftCard)!.variants[0]!;
    const free = await createReward(testDb(), shop.id, { title: "Free candle", type: "free_product", pointsCost: 400, config: { variantId: candle.id.toString() } });
    const redemption = await redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: free.id });
    await expect(
      standin.placeOrder(remote.domain, { customerId: customer.id.toString(), lines: [{ variantId: other.id.toString() }], discountCodes: [redemption.code!], webhooks: false }),
    ).rejects.toThrow(/isn't valid for the items in your cart/);
    const order = await standin.placeOrder(remote.domain, { customerId: customer.id.toString(), lines: [{ variantId: candle.id.toString() }], discountCodes: [redemption.code!], webhooks: false });
    expect(order.lines[0]!.discountMinor).toBe(candle.priceMinor);
  });

  it("an unused code that expires gives the points back and is deleted from Shopify", async () => {
    const { remote, customer, member, reward, ctx } = await setup(500);
    const redemption = await redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: reward.id });
    expect(await balanceOf(member.id)).toEqual({ balance: 0, held: 500 });
    const later = new Date(Date.now() + 31 * 24 * 3600_000);
    expect(await sweepRedemptions(ctx(later))).toEqual({ released: 1, consumed: 0, issued: 0, unsettled: 0 });
    expect(await testDb().redemption.findUniqueOrThrow({ where: { id: redemption.id } })).toMatchObject({ status: "expired" });
    expect(await balanceOf(member.id)).toEqual({ balance: 500, held: 0 });
    expect(standin.findDiscountCode(remote.domain, redemption.code!)).toBeUndefined();
  });

  it("when Shopify fails, the hold is released at once and the shopper gets a clear error", async () => {
    const { customer, member, reward, ctx } = await setup(900);
    standin.failNext({ operation: "discountCodeBasicCreate" }, "http500");
    const error = await redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: reward.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "shopify_unavailable", status: 502 });
    expect(await balanceOf(member.id)).toEqual({ balance: 900, held: 0 });
    expect(await testDb().redemption.findFirstOrThrow({ where: { memberId: member.id } })).toMatchObject({ status: "failed", failureCode: "shopify_unavailable" });
  });

  it("a Shopify userError becomes a stable error code and releases the hold", async () => {
    const { customer, member, reward, ctx } = await setup(900);
    standin.failNext({ operation: "discountCodeBasicCreate" }, "userError");
    await expect(redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: reward.id })).rejects.toMatchObject({ code: "shopify_rejected", status: 422 });
    expect(await balanceOf(member.id)).toEqual({ balance: 900, held: 0 });
  });

  it("retries when Shopify answers THROTTLED", async () => {
    const { customer, reward, ctx } = await setup(900);
    standin.failNext({ operation: "discountCodeBasicCreate" }, "throttled");
    expect((await redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: reward.id })).status).toBe("issued");
  });

  it("store credit is credited to the customer's account instead of a code", async () => {
    const { remote, customer, member, ctx, shop } = await setup(1000);
    const credit = await createReward(testDb(), shop.id, { title: "$10 credit", type: "store_credit", pointsCost: 800, config: { amount: "10.00" } });
    const redemption = await redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: credit.id });
    expect(redemption).toMatchObject({ status: "consumed", code: null });
    expect(remote.customers.get(customer.id)!.storeCredit.get("USD")).toBe(1000n);
    expect(await balanceOf(member.id)).toEqual({ balance: 200, held: 0 });
  });

  it("a shopper cannot cancel another shopper's redemption; the owner can, and gets the points back", async () => {
    const { remote, customer, member, reward, ctx } = await setup(500);
    const redemption = await redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: reward.id });
    const other = await standin.createCustomer(remote.domain, { email: "eve@example.com" }, { webhook: false });
    await expect(cancelRedemption(ctx(), { redemptionId: redemption.id, customerId: other.id.toString() })).rejects.toMatchObject({ code: "redemption_not_found", status: 404 });
    expect(standin.findDiscountCode(remote.domain, redemption.code!)).toBeDefined();
    const cancelled = await cancelRedemption(ctx(), { redemptionId: redemption.id, customerId: customer.id.toString() });
    expect(cancelled.status).toBe("released");
    expect(standin.findDiscountCode(remote.domain, redemption.code!)).toBeUndefined();
    expect(await balanceOf(member.id)).toEqual({ balance: 500, held: 0 });
    await expect(cancelRedemption(ctx(), { redemptionId: redemption.id, customerId: customer.id.toString() })).rejects.toMatchObject({ status: 409 });
  });

  it("enforces the per-customer limit and refuses what the balance cannot pay", async () => {
    const { customer, reward, ctx, shop } = await setup(2000);
    const limited = await createReward(testDb(), shop.id, { title: "Once a month", type: "percentage", pointsCost: 100, config: { percentage: 10 }, limit: { count: 1, period: "month" } });
    await redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: limited.id });
    await expect(redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: limited.id })).rejects.toMatchObject({ code: "limit_reached", status: 409 });
    await redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: reward.id });
    await redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: reward.id });
    await redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: reward.id });
    await expect(redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: reward.id })).rejects.toMatchObject({ code: "insufficient_points", status: 409 });
  });

  it("the same Idempotency-Key and body return the first answer; another body is a 409", async () => {
    const { customer, member, reward, ctx, shop } = await setup(1500);
    const run = (body: unknown) =>
      withIdempotency(testDb(), { shopId: shop.id, scope: `customer:${customer.id}`, key: "key-123456", request: body }, async () => {
        const r = await redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: reward.id });
        return { status: 201, body: { id: r.id, code: r.code } };
      });
    const first = await run({ rewardId: reward.id });
    const second = await run({ rewardId: reward.id });
    expect(second).toMatchObject({ status: 201, body: first.body, replayed: true });
    await expect(run({ rewardId: reward.id, amount: 5 })).rejects.toMatchObject({ code: "idempotency_conflict", status: 409 });
    expect(await balanceOf(member.id)).toEqual({ balance: 1000, held: 500 });
  });

  it("staff can issue a reward as a goodwill gesture (no points spent) and void an unused code", async () => {
    const { remote, customer, member, reward, ctx } = await setup(0);
    const gift = await redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: reward.id, free: true, issuedBy: "staff", staffUserId: "9001" });
    expect(gift).toMatchObject({ status: "issued", pointsCost: 0, issuedBy: "staff", staffUserId: "9001" });
    expect(standin.findDiscountCode(remote.domain, gift.code!)).toBeDefined();
    expect(await balanceOf(member.id)).toEqual({ balance: 0, held: 0 });
    const voided = await cancelRedemption(ctx(), { redemptionId: gift.id, staffUserId: "9001" });
    expect(voided.status).toBe("released");
    expect(standin.findDiscountCode(remote.domain, gift.code!)).toBeUndefined();
  });

  it("50 simultaneous redemptions by a member with N points succeed exactly floor(N / cost) times", async () => {
    const { customer, member, ctx, shop } = await setup(1000);
    const reward = await createReward(testDb(), shop.id, { title: "Big one", type: "fixed_amount", pointsCost: 300, config: { amount: "3.00" } });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: reward.id })),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(3);
    expect(refused.every((r) => (r.reason as AppError).code === "insufficient_points")).toBe(true);
    expect(await balanceOf(member.id)).toEqual({ balance: 100, held: 900 });
    expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
  });
});
