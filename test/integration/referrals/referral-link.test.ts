// A referral link as the storefront reaches it: POST /proxy/r/<code> signed like Shopify's app
// proxy, the app's Admin API calls going to the stand-in, and the friend's checkout validated by
// the stand-in as Shopify's checkout does. What was farmable (a new welcome discount per e-mail,
// usable by anyone, and a friend's code handed to whoever typed the friend's e-mail) must not be.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appEnv } from "../../../app/config/env.server";
import { defaultProgramSettings } from "../../../app/loyalty/program-settings";
import { action as referralAction } from "../../../app/routes/proxy.r.$code";
import { receiveWebhook } from "../../../app/services/inbox/receive-webhook.server";
import { drainInbox } from "../../../app/services/inbox/worker.server";
import { saveProgramSettings } from "../../../app/services/program/settings.server";
import { referralLinkOf } from "../../../app/services/referrals/referral-link.server";
import { claimWelcomeCode, clientIpOf, REFERRAL_LIMITS } from "../../../app/services/referrals/welcome-code.server";
import { createReward } from "../../../app/services/rewards/catalog.server";
import { RateLimiter } from "../../../app/lib/rate-limit";
import { topicHandlers } from "../../../app/services/webhooks/topic-handlers.server";
import { redirectShopifyCallsTo } from "../../../app/shopify/standin-fetch.server";
import { customerPayload, orderPayload, toShopifyJson } from "../../standin/payloads";
import { type Standin, startStandin } from "../../standin/index";
import { appProxySignature } from "../../standin/tokens";
import { refusal } from "../../support/refusal";
import { standinAdmin } from "../../support/standin-admin";
import { testDb, testProvider } from "../../support/test-db";
import { webhookRequest } from "../../support/webhook-request";

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin({ appUrl: "http://127.0.0.1:9" });
  // The library's Admin API calls (https://{shop}/admin/...) go to the stand-in.
  redirectShopifyCallsTo(standin.url);
});
afterAll(async () => {
  await standin.close();
});

let ipCounter = 0;
const freshIp = () => `203.0.113.${(ipCounter = (ipCounter % 250) + 1)}`;

/** POST /proxy/r/<code> as Shopify's app proxy forwards it. */
async function postLink(shop: string, code: string, opts: { body?: unknown; ip?: string; customerId?: string | null } = {}) {
  const url = new URL(`http://localhost/proxy/r/${code}`);
  url.searchParams.set("shop", shop);
  url.searchParams.set("logged_in_customer_id", opts.customerId ?? "");
  url.searchParams.set("path_prefix", "/apps/tally");
  url.searchParams.set("timestamp", String(Math.floor(Date.now() / 1000)));
  url.searchParams.set("signature", appProxySignature(url.searchParams, appEnv().apiSecret));
  const request = new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": opts.ip ?? freshIp() },
    body: JSON.stringify(opts.body ?? {}),
  });
  const response = await referralAction({ request, params: { code }, context: {} } as never);
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: (await response.json()) as Record<string, unknown> };
}

async function setup() {
  const remote = standin.createShop({ name: "Referral Link Shop" });
  const shop = await testDb().shop.create({ data: { domain: remote.domain } });
  const { accessToken } = standin.installApp(remote.domain);
  // The offline session the app proxy's `admin` comes from.
  await testDb().session.create({ data: { id: `offline_${remote.domain}`, shop: remote.domain, state: "installed", accessToken, scope: "write_discounts,write_customers" } });
  const reward = await createReward(testDb(), shop.id, { title: "$5 off", type: "fixed_amount", pointsCost: 500, config: { amount: "5.00" }, codeValidityDays: 30 });
  const defaults = defaultProgramSettings();
  await saveProgramSettings(testDb(), shop.id, {
    ...defaults,
    earn: { ...defaults.earn, pendingDays: 0 },
    referrals: { enabled: true, advocatePoints: 250, welcomeRewardId: reward.id, monthlyCap: 10 },
  });
  const deliver = async (topic: string, payload: unknown) => {
    await receiveWebhook(testDb(), webhookRequest(topic, toShopifyJson(payload), { shop: remote.domain }));
    await drainInbox({ db: testDb(), provider: testProvider(), handlers: topicHandlers });
  };
  const customer = async (email: string) => {
    const c = await standin.createCustomer(remote.domain, { email }, { webhook: false });
    await deliver("customers/create", customerPayload(remote, c, "customers/create"));
    return c;
  };
  const bomb = remote.products.find((p) => p.title === "Lavender Bath Bomb")!;
  /** Checkout as the stand-in validates it (codes refused throw with checkout's message). */
  const checkout = (customerId: bigint | null, discountCodes: string[] = []) =>
    standin.placeOrder(remote.domain, { customerId: customerId?.toString() ?? null, email: customerId ? undefined : "guest@example.com", lines: [{ variantId: bomb.variants[0]!.id.toString() }], discountCodes, webhooks: false });
  const advocate = await customer("advocate@example.com");
  const advocateMember = await testDb().member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: shop.id, customerId: advocate.id.toString() } } });
  const link = (await referralLinkOf(testDb(), shop.id, advocateMember.id))!;
  return { remote, shop, deliver, customer, checkout, advocate, advocateMember, link };
}

describe(`referral links on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("every visitor gets the advocate's one code: 20 fresh e-mails create no new discount, and a friend's e-mail on file answers nothing about them", async () => {
    const { remote, shop, customer, checkout, link } = await setup();
    const friend = await customer("friend@example.com");
    const first = await postLink(remote.domain, link.code, { body: { email: "friend@example.com" } });
    expect(first).toMatchObject({ status: 201, body: { code: expect.stringMatching(/^WELCOME-/) } });
    const discountsAfterFirst = standin.discountCodes(remote.domain).length;

    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await postLink(remote.domain, link.code, { body: { email: `fresh-${i}@example.com` } }));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((a) => a.body.code))).toEqual(new Set([first.body.code]));
    expect(standin.discountCodes(remote.domain).length).toBe(discountsAfterFirst);

    // Someone else typing the friend's e-mail gets exactly what any visitor gets: no code of
    // the friend's, no data about them.
    const prying = await postLink(remote.domain, link.code, { body: { email: "friend@example.com" } });
    const anyone = await postLink(remote.domain, link.code, { body: { email: "someone-else@example.com" } });
    expect(prying).toEqual(anyone);
    expect(prying.body).toEqual({ code: first.body.code });
    expect(JSON.stringify(prying.body)).not.toContain("friend");
    expect(await testDb().referralWelcomeCode.count({ where: { shopId: shop.id } })).toBe(1);

    // What Shopify got: one discount for the shop's "no orders yet" customers, once each.
    const discount = standin.findDiscountCode(remote.domain, String(first.body.code))!;
    expect(discount).toMatchObject({ usageLimit: null, appliesOncePerCustomer: true, customerIds: null, segmentIds: [expect.any(BigInt)] });
    expect(remote.segments.get(discount.segmentIds![0]!)).toMatchObject({ query: "number_of_orders = 0" });
    // The friend (no order yet) can use it once.
    await checkout(friend.id, [String(first.body.code)]);
    await expect(checkout(friend.id, [String(first.body.code)])).rejects.toThrow(/isn't available to you|already been used/);
  });

  it("the code is refused at checkout to a customer who ordered before and to a guest", async () => {
    const { remote, customer, checkout, deliver, advocate, link } = await setup();
    const { body } = await postLink(remote.domain, link.code, { body: { email: "made-up-friend@example.com" } });
    const code = String(body.code);
    // Another member who has ordered before (an order Shopify knows of, whether or not the app saw it).
    const regular = await customer("regular@example.com");
    await checkout(regular.id);
    await expect(checkout(regular.id, [code])).rejects.toThrow(`${code} discount code isn't available to you right now`);
    await expect(checkout(null, [code])).rejects.toThrow(`${code} discount code isn't available to you right now`);
    // The advocate is signed in on their own link: refused.
    expect(await postLink(remote.domain, link.code, { customerId: advocate.id.toString() })).toMatchObject({ status: 422, body: { error: { code: "self_referral" } } });
    // A signed-in shopper whose earlier order the app saw is told now, not at checkout.
    await deliver("orders/paid", orderPayload(remote, await checkout(regular.id)));
    expect(await postLink(remote.domain, link.code, { customerId: regular.id.toString() })).toMatchObject({ status: 422, body: { error: { code: "not_new_customer" } } });
  });

  it("limits each visitor (client IP) and each advocate's link; the Admin API is called for the first visitor only", async () => {
    const { remote, shop, link, customer } = await setup();
    const ip = "198.51.100.7";
    const statuses = [];
    for (let i = 0; i < REFERRAL_LIMITS.client.capacity + 1; i++) statuses.push((await postLink(remote.domain, link.code, { ip })).status);
    expect(statuses.slice(0, REFERRAL_LIMITS.client.capacity).every((s) => s === 200 || s === 201)).toBe(true);
    const limited = await postLink(remote.domain, link.code, { ip });
    expect(limited).toMatchObject({ status: 429, body: { error: { code: "rate_limited" } } });
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    // Other visitors are not affected.
    expect((await postLink(remote.domain, link.code, { ip: "198.51.100.8" })).status).toBe(200);
    // Unknown links cost the client's budget too (guessing codes).
    expect(await postLink(remote.domain, "NOSUCHCODE", { ip: "198.51.100.9" })).toMatchObject({ status: 404, body: { error: { code: "referral_not_found" } } });

    // Per advocate, whatever the addresses (a frozen clock: no refill). Admin API calls counted:
    // the link's code exists already, so none.
    const limiter = new RateLimiter(() => 0);
    const standinClient = standinAdmin(standin, remote.domain);
    let calls = 0;
    const admin = { graphql: (query: string, options?: { variables?: Record<string, unknown> }) => (calls++, standinClient.graphql(query, options)) };
    const before = standin.discountCodes(remote.domain).length;
    for (let i = 0; i < REFERRAL_LIMITS.advocate.capacity; i++) await claimWelcomeCode(testDb(), shop.id, link.code, { admin, clientIp: `192.0.2.${i}`, limiter });
    expect(await refusal(claimWelcomeCode(testDb(), shop.id, link.code, { admin, clientIp: "192.0.2.200", limiter }))).toMatchObject({ code: "rate_limited", status: 429 });
    expect(standin.discountCodes(remote.domain).length).toBe(before);
    expect(calls).toBe(0);
    // Another advocate's first visitor: one discount creation (the shop's segment is known).
    const other = await customer("other-advocate@example.com");
    const otherMember = await testDb().member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: shop.id, customerId: other.id.toString() } } });
    const otherLink = (await referralLinkOf(testDb(), shop.id, otherMember.id))!;
    for (let i = 0; i < 5; i++) await claimWelcomeCode(testDb(), shop.id, otherLink.code, { admin, clientIp: `192.0.2.${100 + i}`, limiter });
    expect(calls).toBe(1);
    expect(standin.discountCodes(remote.domain).length).toBe(before + 1);
  });

  it("two first visitors at once cost one discount creation", async () => {
    const { remote, link } = await setup();
    const answers = await Promise.all([postLink(remote.domain, link.code), postLink(remote.domain, link.code), postLink(remote.domain, link.code)]);
    const codes = answers.filter((a) => a.status === 200 || a.status === 201).map((a) => a.body.code);
    expect(answers.every((a) => [200, 201, 409].includes(a.status))).toBe(true);
    expect(new Set(codes).size).toBeLessThanOrEqual(1);
    expect(standin.discountCodes(remote.domain).filter((d) => d.code.startsWith("WELCOME-"))).toHaveLength(1);
    expect((await postLink(remote.domain, link.code)).body.code).toBe(standin.discountCodes(remote.domain).find((d) => d.code.startsWith("WELCOME-"))!.code);
  });

  it("a failed creation is resumed with the same code, and a new welcome reward gets a new code while the old one still counts", async () => {
    const { remote, shop, link, customer, checkout, deliver, advocateMember } = await setup();
    const admin = standinAdmin(standin, remote.domain);
    const claim = () => claimWelcomeCode(testDb(), shop.id, link.code, { admin, clientIp: freshIp() });
    // Shopify fails (it may or may not have acted): the claim is kept, not dropped.
    standin.failNext({ operation: "discountCodeBasicCreate" }, "http500");
    expect(await refusal(claim())).toMatchObject({ code: "shopify_unavailable", status: 502 });
    const pending = await testDb().referralWelcomeCode.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(pending).toMatchObject({ status: "issuing" });
    expect(await refusal(claim())).toMatchObject({ code: "request_in_progress", status: 409 });
    // Ten seconds on, the next visitor resumes it with the same code.
    await testDb().referralWelcomeCode.update({ where: { id: pending.id }, data: { updatedAt: new Date(Date.now() - 11_000) } });
    expect(await claim()).toEqual({ code: pending.code, created: true });
    expect(standin.discountCodes(remote.domain).filter((d) => d.code.startsWith("WELCOME-")).map((d) => d.code)).toEqual([pending.code]);

    // The program names another welcome reward: a new code for it; the old one stays known.
    const other = await createReward(testDb(), shop.id, { title: "$7 off", type: "fixed_amount", pointsCost: 700, config: { amount: "7.00" }, codeValidityDays: 30 });
    const settings = defaultProgramSettings();
    await saveProgramSettings(testDb(), shop.id, { ...settings, referrals: { enabled: true, advocatePoints: 250, welcomeRewardId: other.id, monthlyCap: 10 } });
    const next = await claim();
    expect(next).toEqual({ code: expect.stringMatching(/^WELCOME-/), created: true });
    expect(next.code).not.toBe(pending.code);
    expect(await claim()).toEqual({ code: next.code, created: false });
    expect(await testDb().referralWelcomeCode.findMany({ where: { shopId: shop.id }, orderBy: { createdAt: "asc" }, select: { code: true, slot: true } })).toEqual([
      { code: pending.code, slot: null },
      { code: next.code, slot: "current" },
    ]);
    // A friend who kept the old code still counts for the advocate.
    const placed = await checkout((await customer("kept-old-code@example.com")).id, [pending.code]);
    await deliver("orders/paid", orderPayload(remote, placed));
    expect(await testDb().referral.findUniqueOrThrow({ where: { shopId_orderId: { shopId: shop.id, orderId: placed.id.toString() } } })).toMatchObject({
      advocateMemberId: advocateMember.id,
      welcomeCode: pending.code,
      status: "rewarded",
      points: 250,
    });
  });

  it("reads the client IP from the first X-Forwarded-For entry", () => {
    expect(clientIpOf(new Headers({ "x-forwarded-for": "203.0.113.5, 10.0.0.1" }))).toBe("203.0.113.5");
    expect(clientIpOf(new Headers({ "x-forwarded-for": "2001:DB8::1" }))).toBe("2001:db8::1");
    expect(clientIpOf(new Headers({ "x-forwarded-for": "<script>" }))).toBe("unknown");
    expect(clientIpOf(new Headers())).toBe("unknown");
  });
});
