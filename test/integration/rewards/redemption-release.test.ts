// Points never come back for a reward Shopify honoured: a code an order used (paid or not) is
// consumed and cannot be cancelled or swept back; a release that raced such an order is taken
// back; a failure after which Shopify may have acted is settled by asking Shopify; staff audit
// entries share the transaction of what they record. All against the Shopify stand-in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db, DbTx } from "../../../app/db/client";
import { defaultProgramSettings } from "../../../app/loyalty/program-settings";
import { receiveWebhook } from "../../../app/services/inbox/receive-webhook.server";
import { drainInbox } from "../../../app/services/inbox/worker.server";
import { ensureMember } from "../../../app/services/ledger/members.server";
import { postEntry } from "../../../app/services/ledger/post-entry.server";
import { replayShop } from "../../../app/services/ledger/replay.server";
import { saveProgramSettings } from "../../../app/services/program/settings.server";
import { createReward } from "../../../app/services/rewards/catalog.server";
import { cancelRedemption, redeemReward, releaseRedemption, sweepRedemptions } from "../../../app/services/rewards/redemptions.server";
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

const DAY = 24 * 3600_000;

async function setup(points: number, options: { clawback?: "clamp" | "allow_negative" } = {}) {
  const remote = standin.createShop({ name: "Release Shop" });
  const shop = await testDb().shop.create({ data: { domain: remote.domain, currency: "USD" } });
  if (options.clawback) await saveProgramSettings(testDb(), shop.id, { ...defaultProgramSettings(), clawback: options.clawback });
  const customer = await standin.createCustomer(remote.domain, { email: "ada@example.com" }, { webhook: false });
  const member = await ensureMember(testDb(), shop.id, customer.id.toString());
  if (points) await postEntry(testDb(), { shopId: shop.id, memberId: member.id, kind: "adjust", businessKey: `seed:${member.id}`, points });
  const reward = await createReward(testDb(), shop.id, { title: "$5 off", type: "fixed_amount", pointsCost: 500, config: { amount: "5.00" }, codeValidityDays: 30 });
  const admin = standinAdmin(standin, remote.domain);
  const ctx = (now = new Date(), db: Db = testDb()) => ({ db, shopId: shop.id, currency: "USD", admin, now });
  const candle = remote.products.find((p) => p.title === "Cedar Candle")!.variants[0]!;
  /** An order placed with the code; nothing is sent to the app until `deliver`. */
  const order = (code: string, financialStatus: "pending" | "paid" = "pending") =>
    standin.placeOrder(remote.domain, { customerId: customer.id.toString(), lines: [{ variantId: candle.id.toString() }], discountCodes: [code], financialStatus, webhooks: false });
  const deliver = async (topic: string, orderId: bigint) => {
    const body = toShopifyJson(standin.orderPayload(remote.domain, orderId.toString(), topic));
    expect((await receiveWebhook(testDb(), webhookRequest(topic, body, { shop: remote.domain }))).status).toBe(200);
    await drainInbox({ db: testDb(), provider: testProvider(), handlers: topicHandlers });
  };
  const redeem = (at?: Date) => redeemReward(ctx(at), { customerId: customer.id.toString(), rewardId: reward.id });
  return { remote, shop, customer, member, reward, ctx, order, deliver, redeem };
}

const balanceOf = async (memberId: string) => testDb().member.findUniqueOrThrow({ where: { id: memberId }, select: { balance: true, held: true } });
const redemptionOf = (id: string) => testDb().redemption.findUniqueOrThrow({ where: { id } });
const entriesOf = (memberId: string, kind: string) => testDb().ledgerEntry.findMany({ where: { memberId, kind } });

/** The same database, except that writing a staff audit entry fails (inside transactions too). */
function failingAudit(db: Db): Db {
  const failing = { create: async () => Promise.reject(new Error("audit log unavailable")) };
  const wrapTx = (tx: DbTx) => new Proxy(tx, { get: (t, p) => (p === "staffAuditEntry" ? failing : Reflect.get(t, p)) });
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "$transaction") return (fn: (tx: DbTx) => Promise<unknown>) => target.$transaction((tx) => fn(wrapTx(tx)));
      if (prop === "staffAuditEntry") return failing;
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe(`used codes never give points back, on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("an unpaid order consumes the code at once (orders/create); the shopper cannot cancel it back", async () => {
    const { member, order, deliver, redeem, ctx, customer } = await setup(800);
    const redemption = await redeem();
    const placed = await order(redemption.code!, "pending");
    await deliver("orders/create", placed.id);
    expect(await redemptionOf(redemption.id)).toMatchObject({ status: "consumed", orderId: placed.id.toString() });
    await expect(cancelRedemption(ctx(), { redemptionId: redemption.id, customerId: customer.id.toString() })).rejects.toMatchObject({ code: "already_used", status: 409 });
    // Paid a week later: orders/paid finds it consumed; the points were spent once (+27 earned).
    await deliver("orders/paid", placed.id);
    expect(await balanceOf(member.id)).toMatchObject({ balance: 327, held: 0 });
    expect(await entriesOf(member.id, "redeem_consume")).toHaveLength(1);
    expect((await replayShop(testDb(), member.shopId)).mismatches).toEqual([]);
  });

  it("before the order's webhook arrives, cancelling asks Shopify: a used code is consumed (409), not released", async () => {
    const { remote, member, order, deliver, redeem, ctx, customer } = await setup(800);
    const redemption = await redeem();
    const placed = await order(redemption.code!, "pending");
    await expect(cancelRedemption(ctx(), { redemptionId: redemption.id, customerId: customer.id.toString() })).rejects.toMatchObject({ code: "already_used", status: 409 });
    expect(await redemptionOf(redemption.id)).toMatchObject({ status: "consumed" });
    expect(await balanceOf(member.id)).toEqual({ balance: 300, held: 0 });
    // Staff cannot void it either.
    await expect(cancelRedemption(ctx(), { redemptionId: redemption.id, staffUserId: "9001" })).rejects.toMatchObject({ code: "already_used", status: 409 });
    expect(standin.findDiscountCode(remote.domain, redemption.code!)).toBeDefined();
    await deliver("orders/create", placed.id);
    expect(await redemptionOf(redemption.id)).toMatchObject({ status: "consumed", orderId: placed.id.toString() });
    expect(await balanceOf(member.id)).toEqual({ balance: 300, held: 0 });
    expect((await replayShop(testDb(), member.shopId)).mismatches).toEqual([]);
  });

  it("the expiry sweeper does not give back a code an unpaid order used; it releases an unused one", async () => {
    const { member, order, redeem, ctx } = await setup(1000);
    const used = await redeem();
    const unused = await redeem();
    await order(used.code!, "pending");
    const later = new Date(Date.now() + 31 * DAY);
    expect(await sweepRedemptions(ctx(later))).toEqual({ released: 1, consumed: 1, issued: 0, unsettled: 0 });
    expect(await redemptionOf(used.id)).toMatchObject({ status: "consumed" });
    expect(await redemptionOf(unused.id)).toMatchObject({ status: "expired" });
    expect(await balanceOf(member.id)).toEqual({ balance: 500, held: 0 });
  });

  it("a release that raced an order using the code: the order's webhook takes the points again, once, by the clawback rule", async () => {
    const { shop, member, order, deliver, redeem, reward, customer, ctx } = await setup(500);
    const redemption = await redeem();
    const placed = await order(redemption.code!, "paid");
    // A release that got past the usage check before Shopify counted the order's use.
    await releaseRedemption(testDb(), shop.id, redemption.id, "released");
    expect(await balanceOf(member.id)).toEqual({ balance: 500, held: 0 });
    // The shopper spends 300 of the returned points meanwhile.
    const cheap = await createReward(testDb(), shop.id, { title: "$3 off", type: "fixed_amount", pointsCost: 300, config: { amount: "3.00" } });
    await redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: cheap.id });
    await deliver("orders/create", placed.id);
    await deliver("orders/paid", placed.id);
    await deliver("orders/create", placed.id);
    const reclaims = await entriesOf(member.id, "redeem_reclaim");
    expect(reclaims).toHaveLength(1);
    // clamp (the default): what is spendable is taken, never below zero.
    expect(reclaims[0]).toMatchObject({ points: -200, businessKey: `redeem:${redemption.id}:reclaim` });
    expect(reclaims[0]!.reason).toContain(redemption.code!);
    expect(await redemptionOf(redemption.id)).toMatchObject({ status: "consumed", orderId: placed.id.toString() });
    // 27 points earned by the paid order after the reclaim.
    expect(await balanceOf(member.id)).toMatchObject({ balance: 27, held: 300 });
    expect(reward.pointsCost).toBe(500);
    expect((await replayShop(testDb(), member.shopId)).mismatches).toEqual([]);
  });

  it("with clawback allow_negative the reclaim takes it all, below zero", async () => {
    const { shop, member, order, deliver, redeem } = await setup(500, { clawback: "allow_negative" });
    const redemption = await redeem();
    const placed = await order(redemption.code!, "pending");
    await releaseRedemption(testDb(), shop.id, redemption.id, "expired");
    await postEntry(testDb(), { shopId: shop.id, memberId: member.id, kind: "adjust", businessKey: `spend:${member.id}`, points: -400 });
    await deliver("orders/create", placed.id);
    expect(await balanceOf(member.id)).toEqual({ balance: -400, held: 0 });
    expect((await replayShop(testDb(), member.shopId)).mismatches).toEqual([]);
  });
});

describe(`ambiguous Shopify failures, on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("code created, then the connection dropped: Shopify is asked, the redemption is issued and the points stay spent", async () => {
    const { remote, member, redeem } = await setup(900);
    standin.failNext({ operation: "discountCodeBasicCreate" }, "actedThenDropped");
    const redemption = await redeem();
    expect(redemption.status).toBe("issued");
    const code = standin.findDiscountCode(remote.domain, redemption.code!);
    expect(code).toBeDefined();
    expect(redemption.discountId).toBe(`gid://shopify/DiscountCodeNode/${code!.id}`);
    expect(await balanceOf(member.id)).toEqual({ balance: 400, held: 500 });
  });

  it("store credit given, then the connection dropped: the credit is found and the points are spent, not returned", async () => {
    const { remote, shop, member, customer, ctx } = await setup(1000);
    const credit = await createReward(testDb(), shop.id, { title: "$10 credit", type: "store_credit", pointsCost: 800, config: { amount: "10.00" } });
    standin.failNext({ operation: "storeCreditAccountCredit" }, "actedThenDropped");
    const redemption = await redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: credit.id });
    expect(redemption.status).toBe("consumed");
    expect(redemption.discountId).toMatch(/^gid:\/\/shopify\/StoreCreditAccountCreditTransaction\/\d+$/);
    expect(remote.customers.get(customer.id)!.storeCredit.get("USD")).toBe(1000n);
    expect(await balanceOf(member.id)).toEqual({ balance: 200, held: 0 });
  });

  it("store credit not given (the connection dropped before Shopify acted): the points come back", async () => {
    const { remote, shop, member, customer, ctx } = await setup(1000);
    const credit = await createReward(testDb(), shop.id, { title: "$10 credit", type: "store_credit", pointsCost: 800, config: { amount: "10.00" } });
    standin.failNext({ operation: "storeCreditAccountCredit" }, "networkError");
    await expect(redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: credit.id })).rejects.toMatchObject({ code: "shopify_unavailable", status: 502 });
    expect(remote.customers.get(customer.id)!.storeCredit.get("USD") ?? 0n).toBe(0n);
    expect(await balanceOf(member.id)).toEqual({ balance: 1000, held: 0 });
  });

  it("an earlier credit of the same amount, given for another redemption, is not taken for this one", async () => {
    const { remote, shop, member, customer, ctx } = await setup(2000);
    const credit = await createReward(testDb(), shop.id, { title: "$10 credit", type: "store_credit", pointsCost: 800, config: { amount: "10.00" } });
    const first = await redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: credit.id });
    expect(first.status).toBe("consumed");
    standin.failNext({ operation: "storeCreditAccountCredit" }, "networkError");
    await expect(redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: credit.id })).rejects.toMatchObject({ code: "shopify_unavailable", status: 502 });
    expect(remote.customers.get(customer.id)!.storeCredit.get("USD")).toBe(1000n);
    expect(await balanceOf(member.id)).toEqual({ balance: 1200, held: 0 });
  });

  it("when Shopify cannot be asked, the redemption stays pending with its points held; the sweeper issues it later", async () => {
    const { remote, member, redeem, ctx } = await setup(900);
    standin.failNext({ operation: "discountCodeBasicCreate" }, "actedThenDropped");
    standin.failNext({ operation: "codeDiscountNodeByCode" }, "networkError");
    const now = new Date();
    const redemption = await redeem(now);
    expect(redemption.status).toBe("pending");
    expect(await balanceOf(member.id)).toEqual({ balance: 400, held: 500 });
    expect(standin.findDiscountCode(remote.domain, redemption.code!)).toBeDefined();
    const later = new Date(now.getTime() + 11 * 60_000);
    expect(await sweepRedemptions(ctx(later))).toEqual({ released: 0, consumed: 0, issued: 1, unsettled: 0 });
    expect(await redemptionOf(redemption.id)).toMatchObject({ status: "issued" });
    expect(await balanceOf(member.id)).toEqual({ balance: 400, held: 500 });
  });

  it("a pending redemption Shopify never acted on is released by the sweeper once Shopify answers", async () => {
    const { remote, member, redeem, ctx } = await setup(900);
    standin.failNext({ operation: "discountCodeBasicCreate" }, "networkError");
    standin.failNext({ operation: "codeDiscountNodeByCode", times: 2 }, "http500");
    const now = new Date();
    const redemption = await redeem(now);
    expect(redemption.status).toBe("pending");
    const later = new Date(now.getTime() + 11 * 60_000);
    // Still unreachable on the first run: nothing is released.
    expect(await sweepRedemptions(ctx(later))).toEqual({ released: 0, consumed: 0, issued: 0, unsettled: 1 });
    expect(await balanceOf(member.id)).toEqual({ balance: 400, held: 500 });
    expect(await sweepRedemptions(ctx(later))).toEqual({ released: 1, consumed: 0, issued: 0, unsettled: 0 });
    expect(await redemptionOf(redemption.id)).toMatchObject({ status: "failed", failureCode: "abandoned" });
    expect(standin.findDiscountCode(remote.domain, redemption.code!)).toBeUndefined();
    expect(await balanceOf(member.id)).toEqual({ balance: 900, held: 0 });
  });

  it("a cancel whose usage check cannot reach Shopify releases nothing (502)", async () => {
    const { member, redeem, ctx, customer } = await setup(900);
    const redemption = await redeem();
    standin.failNext({ operation: "codeDiscountNode" }, "networkError");
    await expect(cancelRedemption(ctx(), { redemptionId: redemption.id, customerId: customer.id.toString() })).rejects.toMatchObject({ code: "shopify_unavailable", status: 502 });
    expect(await redemptionOf(redemption.id)).toMatchObject({ status: "issued" });
    expect(await balanceOf(member.id)).toEqual({ balance: 400, held: 500 });
  });
});

describe(`staff audit entries in the service's transaction, on ${process.env.TEST_DB_PROVIDER}`, () => {
  const auditOf = (shopId: string) => testDb().staffAuditEntry.findMany({ where: { shopId }, orderBy: { createdAt: "asc" } });

  it("issuing and voiding a reward write their audit entries", async () => {
    const { shop, member, reward, customer, ctx } = await setup(0);
    const gift = await redeemReward(ctx(), { customerId: customer.id.toString(), rewardId: reward.id, free: true, issuedBy: "staff", staffUserId: "9001" });
    await cancelRedemption(ctx(), { redemptionId: gift.id, customerId: customer.id.toString(), staffUserId: "9001" });
    expect((await auditOf(shop.id)).map((a) => [a.action, a.staffUserId, a.memberId, JSON.parse(a.details).redemptionId])).toEqual([
      ["reward_issued", "9001", member.id, gift.id],
      ["reward_voided", "9001", member.id, gift.id],
    ]);
  });

  it("a void whose audit entry cannot be written is rolled back with it", async () => {
    const { shop, member, redeem, customer, ctx } = await setup(500);
    const redemption = await redeem();
    const broken = ctx(new Date(), failingAudit(testDb()));
    await expect(cancelRedemption(broken, { redemptionId: redemption.id, customerId: customer.id.toString(), staffUserId: "9001" })).rejects.toThrow(/audit log unavailable/);
    expect(await redemptionOf(redemption.id)).toMatchObject({ status: "issued" });
    expect(await balanceOf(member.id)).toEqual({ balance: 0, held: 500 });
    expect(await entriesOf(member.id, "redeem_release")).toHaveLength(0);
    expect(await auditOf(shop.id)).toHaveLength(0);
    // Once the audit log works again, the void goes through with its entry.
    expect((await cancelRedemption(ctx(), { redemptionId: redemption.id, customerId: customer.id.toString(), staffUserId: "9001" })).status).toBe("released");
    expect((await auditOf(shop.id)).map((a) => a.action)).toEqual(["reward_voided"]);
  });

  it("an issue whose audit entry cannot be written is not issued", async () => {
    const { shop, member, reward, customer, ctx } = await setup(0);
    const broken = ctx(new Date(), failingAudit(testDb()));
    // The code exists in Shopify, so nothing is released: the redemption waits, pending, for the
    // sweeper, which issues it with its audit entry.
    const gift = await redeemReward(broken, { customerId: customer.id.toString(), rewardId: reward.id, free: true, issuedBy: "staff", staffUserId: "9001" });
    expect(gift.status).toBe("pending");
    expect(await auditOf(shop.id)).toHaveLength(0);
    expect(await sweepRedemptions(ctx(new Date(Date.now() + 11 * 60_000)))).toMatchObject({ issued: 1 });
    expect(await redemptionOf(gift.id)).toMatchObject({ status: "issued" });
    expect((await auditOf(shop.id)).map((a) => [a.action, a.memberId])).toEqual([["reward_issued", member.id]]);
  });
});
