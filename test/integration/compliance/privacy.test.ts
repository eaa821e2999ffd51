// GDPR end to end against the stand-in: a member with data in every place that can hold personal
// data (created through the real webhooks and services), then customers/redact through the inbox,
// then every table of the shop scanned (the list of tables comes from the Prisma schema, so a new
// table is scanned too); late webhooks and storefront calls; retention; customers/data_request
// exports downloadable by shop and printed by the CLI.
import { randomUUID } from "node:crypto";
import { Prisma } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands, type CliContext } from "../../../app/cli/commands";
import { defaultProgramSettings } from "../../../app/loyalty/program-settings";
import { setBirthday } from "../../../app/services/birthday/set-birthday.server";
import { createDataRequest, dataRequestFile, listDataRequests } from "../../../app/services/compliance/data-request.server";
import { purgeLateData, purgeShop } from "../../../app/services/compliance/retention.server";
import { reconcileShop } from "../../../app/services/reconcile/reconcile-shop.server";
import { syncDirtyMembers } from "../../../app/services/sync/customer-sync.server";
import { drainInbox } from "../../../app/services/inbox/worker.server";
import { receiveWebhook } from "../../../app/services/inbox/receive-webhook.server";
import { replayShop } from "../../../app/services/ledger/replay.server";
import { saveProgramSettings } from "../../../app/services/program/settings.server";
import { createReward } from "../../../app/services/rewards/catalog.server";
import { withIdempotency } from "../../../app/services/rewards/idempotency.server";
import { redeemReward } from "../../../app/services/rewards/redemptions.server";
import { adjustPoints, setTierOverride } from "../../../app/services/staff/adjust-points.server";
import { topicHandlers } from "../../../app/services/webhooks/topic-handlers.server";
import { type Standin, startStandin } from "../../standin/index";
import { compliancePayload, customerPayload, orderPayload, toShopifyJson } from "../../standin/payloads";
import { standinAdmin } from "../../support/standin-admin";
import { testDb, testProvider } from "../../support/test-db";
import { webhookRequest } from "../../support/webhook-request";
import { saveTiers, STAFF, tierIdByName } from "../tiers/fixtures";

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin({ appUrl: "http://127.0.0.1:9" });
});
afterAll(async () => {
  await standin.close();
});

const cli = (): CliContext => ({ db: testDb(), provider: testProvider(), flags: { failed: false } });

async function setup() {
  const remote = standin.createShop({ name: "Privacy Shop" });
  const shop = await testDb().shop.create({ data: { domain: remote.domain } });
  const reward = await createReward(testDb(), shop.id, { title: "$5 off", type: "fixed_amount", pointsCost: 100, config: { amount: "5.00" }, codeValidityDays: 30 });
  const defaults = defaultProgramSettings();
  await saveProgramSettings(testDb(), shop.id, {
    ...defaults,
    signupBonus: 50,
    actions: { ...defaults.actions, emailSignup: { enabled: true, points: 25 } },
    referrals: { ...defaults.referrals, enabled: true, advocatePoints: 500, welcomeRewardId: reward.id, monthlyCap: 2 },
  });
  const admin = standinAdmin(standin, remote.domain);
  const deliver = async (topic: string, payload: unknown, opts: { webhookId?: string } = {}) => {
    const outcome = await receiveWebhook(testDb(), webhookRequest(topic, typeof payload === "string" ? payload : toShopifyJson(payload), { shop: remote.domain, ...opts }));
    expect(outcome.status).toBe(200);
    await drainInbox({ db: testDb(), provider: testProvider(), handlers: topicHandlers });
  };
  return { remote, shop, reward, admin, deliver };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/**
 * A member with personal data everywhere the schema can hold it: profile, Shopify tags, address
 * key, e-mail sign-up and sign-up bonus keys, an order, a redemption with its Idempotency-Key
 * record, a birthday set by the shopper and corrected by staff (audit), a staff adjustment whose
 * reason names them, a tier override, referrals as advocate and as friend, two data-request
 * exports, and a failed webhook delivery carrying them.
 */
async function richMember(s: Setup) {
  const tag = randomUUID().slice(0, 8);
  const t = {
    email: `zelda.${tag}@example.com`,
    firstName: `Zelda${tag}`,
    lastName: `Quarrington${tag}`,
    shopifyTag: `vip-${tag}`,
    street: `Privacy Lane ${tag}`,
    birthYear: `"year":1913`,
    friendEmail: `friend.${tag}@example.com`,
    friendCustomerId: `88${Date.now()}`,
  };
  const c = await standin.createCustomer(s.remote.domain, { email: t.email, firstName: t.firstName, lastName: t.lastName, tags: [t.shopifyTag] }, { webhook: false });
  c.emailMarketingState = "SUBSCRIBED";
  const customerId = c.id.toString();
  const withAddress = (topic: string) => ({
    ...customerPayload(s.remote, c, topic),
    default_address: { first_name: t.firstName, last_name: t.lastName, address1: t.street, zip: "K1A 0B1", city: "Ottawa", country_code: "CA" },
  });
  await s.deliver("customers/create", withAddress("customers/create"));
  await s.deliver("customers/update", withAddress("customers/update"));
  const bomb = s.remote.products.find((p) => p.title === "Lavender Bath Bomb")!;
  const order = await standin.placeOrder(s.remote.domain, { customerId, lines: [{ variantId: bomb.variants[0]!.id.toString(), quantity: 20 }], webhooks: false });
  await s.deliver("orders/paid", orderPayload(s.remote, order));
  // The storefront's redemption, as POST /proxy/redemptions runs it.
  const key = `key-${tag}`;
  const redeemed = await withIdempotency(testDb(), { shopId: s.shop.id, scope: `customer:${customerId}`, key, request: { rewardId: s.reward.id } }, async () => {
    const r = await redeemReward({ db: testDb(), shopId: s.shop.id, currency: "USD", admin: s.admin }, { customerId, rewardId: s.reward.id });
    return { status: 201, body: { id: r.id, code: r.code, email: t.email } };
  });
  expect(redeemed.status).toBe(201);
  // The code used on an order: consumed, and the consume entry's details name the code.
  const rewardCode = (redeemed.body as { code: string }).code;
  const withCode = await standin.placeOrder(s.remote.domain, { customerId, lines: [{ variantId: bomb.variants[0]!.id.toString() }], discountCodes: [rewardCode], webhooks: false });
  await s.deliver("orders/paid", orderPayload(s.remote, withCode));
  expect(await testDb().redemption.count({ where: { shopId: s.shop.id, code: rewardCode, status: "consumed" } })).toBe(1);
  await setBirthday(testDb(), s.shop.id, customerId, { month: 2, day: 14, year: 1913 }, { by: "shopper" });
  await setBirthday(testDb(), s.shop.id, customerId, { month: 2, day: 15, year: 1913 }, { by: "staff", staffUserId: STAFF });
  await adjustPoints(testDb(), { shopId: s.shop.id, customerId, points: 10, reason: `Goodwill for ${t.firstName} ${t.lastName} <${t.email}>`, staffUserId: STAFF, requestId: `adjust-${tag}` });
  await saveTiers(s.shop.id);
  await setTierOverride(testDb(), { shopId: s.shop.id, customerId, tierId: await tierIdByName(s.shop.id, "Gold"), until: null, lifetime: true, staffUserId: STAFF, reason: `VIP ${t.lastName}` });
  // What was written to the Shopify customer (tag, metafields) is remembered on the member.
  expect((await syncDirtyMembers(testDb(), s.shop.id, s.admin)).written).toBeGreaterThan(0);
  const member = await testDb().member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: s.shop.id, customerId } } });
  expect(member.syncedState).not.toBeNull();
  // Referral rows as the referral flow leaves them (that flow is tested in test/integration/referrals).
  await testDb().referral.create({
    data: { shopId: s.shop.id, advocateMemberId: member.id, friendEmail: t.friendEmail, friendCustomerId: t.friendCustomerId, welcomeCode: `WELCOME-A${tag}`, status: "rewarded", points: 500 },
  });
  const other = await standin.createCustomer(s.remote.domain, { email: `advocate.${tag}@example.com` }, { webhook: false });
  await s.deliver("customers/create", customerPayload(s.remote, other, "customers/create"));
  const advocate = await testDb().member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: s.shop.id, customerId: other.id.toString() } } });
  await testDb().referral.create({
    data: { shopId: s.shop.id, advocateMemberId: advocate.id, friendEmail: t.email, friendCustomerId: customerId, welcomeCode: `WELCOME-F${tag}`, status: "pending", orderId: order.id.toString() },
  });
  await s.deliver("customers/data_request", compliancePayload(s.remote, "customers/data_request", c));
  await createDataRequest(testDb(), s.remote.domain, customerId, { source: "staff" });
  // A delivery that fails (invalid order) but carries the customer.
  await s.deliver("orders/paid", JSON.stringify({ id: "not-an-order", customer: { id: customerId, email: t.email, first_name: t.firstName } }));
  expect(await testDb().webhookDelivery.count({ where: { shopDomain: s.remote.domain, status: "failed" } })).toBe(1);
  return { c, customerId, member, order, tokens: { customerId, rewardCode, ...t } };
}

const lowerFirst = (name: string) => name[0]!.toLowerCase() + name.slice(1);
const replacer = (_k: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString("utf8") : v);

/** Every row of every table that belongs to the shop, as text, by table. */
async function shopRows(shop: { id: string; domain: string }) {
  const rows: Record<string, string[]> = {};
  for (const model of Prisma.dmmf.datamodel.models) {
    const fields = new Set(model.fields.map((f) => f.name));
    const where =
      model.name === "Shop"
        ? { id: shop.id }
        : model.name === "Session"
          ? { shop: shop.domain }
          : fields.has("shopDomain") && fields.has("shopId")
            ? { OR: [{ shopId: shop.id }, { shopDomain: shop.domain }] }
            : fields.has("shopId")
              ? { shopId: shop.id }
              : null;
    // A table that is not scoped to a shop cannot be scanned: it must be added here on purpose.
    expect(where, `table ${model.name} has no shop scope`).not.toBeNull();
    const delegate = (testDb() as unknown as Record<string, { findMany(args: unknown): Promise<unknown[]> }>)[lowerFirst(model.name)]!;
    rows[model.name] = (await delegate.findMany({ where })).map((r) => JSON.stringify(r, replacer));
  }
  return rows;
}

function findTokens(rows: Record<string, string[]>, tokens: Record<string, string>) {
  const found: string[] = [];
  for (const [table, texts] of Object.entries(rows)) {
    // JSON kept in text columns is escaped once more in the row's JSON: compare without escapes.
    for (const text of texts.map((t) => t.replace(/\\/g, ""))) {
      for (const [name, token] of Object.entries(tokens)) if (text.toLowerCase().includes(token.toLowerCase())) found.push(`${table}: ${name}`);
    }
  }
  return [...new Set(found)].sort();
}

describe(`privacy on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("customers/redact leaves the customer's id, e-mail, name, birthday, address, tags and friends nowhere, and the ledger still replays", async () => {
    const s = await setup();
    const { c, customerId, member, order, tokens } = await richMember(s);
    const before = await testDb().member.findUniqueOrThrow({ where: { id: member.id } });
    // The scan sees the data before the redaction (it is not looking in the wrong place).
    const seen = findTokens(await shopRows({ id: s.shop.id, domain: s.remote.domain }), tokens);
    for (const table of ["Member", "LedgerEntry", "OrderEarning", "WebhookDelivery", "IdempotencyRecord", "ComplianceRequest", "MemberBirthday", "StaffAuditEntry", "TierChange", "Referral"]) {
      expect(seen.some((f) => f.startsWith(`${table}:`)), `${table} holds something before the redaction`).toBe(true);
    }
    expect(seen).toEqual(expect.arrayContaining(["LedgerEntry: customerId", "StaffAuditEntry: birthYear", "Member: shopifyTag", "Referral: friendEmail", "Referral: friendCustomerId", "LedgerEntry: rewardCode", "IdempotencyRecord: rewardCode", "Redemption: rewardCode"]));

    await s.deliver("customers/redact", compliancePayload(s.remote, "customers/redact", c));

    expect(findTokens(await shopRows({ id: s.shop.id, domain: s.remote.domain }), tokens)).toEqual([]);
    // The address key was normalized (lower-cased, no spaces): look for that form too.
    const normalizedStreet = tokens.street.toLowerCase().replace(/[^a-z0-9]+/g, "");
    expect(findTokens(await shopRows({ id: s.shop.id, domain: s.remote.domain }), { normalizedStreet })).toEqual([]);
    const after = await testDb().member.findUniqueOrThrow({ where: { id: member.id } });
    expect(after).toMatchObject({
      balance: before.balance,
      held: before.held,
      lifetimeEarned: before.lifetimeEarned,
      email: null,
      firstName: null,
      lastName: null,
      shopifyTags: null,
      addressKey: null,
      referralCode: null,
      syncedState: null,
      syncDirty: false,
    });
    expect(after.redactedAt).not.toBeNull();
    expect(await testDb().webhookDelivery.count({ where: { shopDomain: s.remote.domain, topic: "customers/redact" } })).toBe(0);
    const replay = await commands.replay!(cli(), [s.remote.domain]);
    expect(replay.exitCode).toBe(0);
    expect((await replayShop(testDb(), s.shop.id)).mismatches).toEqual([]);

    // Late webhooks and storefront calls do not bring the customer back.
    await s.deliver("customers/create", customerPayload(s.remote, c, "customers/create"));
    await s.deliver("customers/update", customerPayload(s.remote, c, "customers/update"));
    const bomb = s.remote.products.find((p) => p.title === "Lavender Bath Bomb")!;
    const late = await standin.placeOrder(s.remote.domain, { customerId, lines: [{ variantId: bomb.variants[0]!.id.toString() }], webhooks: false });
    await s.deliver("orders/paid", orderPayload(s.remote, late));
    await expect(redeemReward({ db: testDb(), shopId: s.shop.id, currency: "USD", admin: s.admin }, { customerId, rewardId: s.reward.id })).rejects.toMatchObject({ code: "customer_redacted", status: 410 });
    await expect(setBirthday(testDb(), s.shop.id, customerId, { month: 3, day: 1 }, { by: "shopper" })).rejects.toMatchObject({ code: "customer_redacted", status: 410 });
    expect(await testDb().member.count({ where: { shopId: s.shop.id, customerId } })).toBe(0);
    expect(await testDb().member.count({ where: { shopId: s.shop.id } })).toBe(2);
    // Reconciliation finds that late order unearned: it skips it and moves on (not stuck on it).
    const reconciled = await reconcileShop(testDb(), s.remote.domain, s.admin);
    expect(reconciled.earned).toBe(0);
    expect((await testDb().shop.findUniqueOrThrow({ where: { id: s.shop.id } })).reconciledUntil).not.toBeNull();
    expect(await testDb().member.count({ where: { shopId: s.shop.id, customerId } })).toBe(0);

    // A cancellation of an order earned before the redaction still takes the points back; its
    // delivery (which names the customer) is deleted by the hourly privacy job.
    const cancelled = await standin.cancelOrder(s.remote.domain, order.id.toString(), { webhooks: false });
    await s.deliver("orders/cancelled", orderPayload(s.remote, cancelled, "orders/cancelled"));
    expect((await testDb().member.findUniqueOrThrow({ where: { id: member.id } })).lifetimeEarned).toBe(before.lifetimeEarned - 160);
    expect(await purgeLateData(testDb(), { id: s.shop.id, domain: s.remote.domain })).toBe(1);
    expect(findTokens(await shopRows({ id: s.shop.id, domain: s.remote.domain }), tokens)).toEqual([]);
    expect((await replayShop(testDb(), s.shop.id)).mismatches).toEqual([]);

    // With the program switched off an order is recorded without a member (and names its
    // customer): the same job takes the redacted customer's id off it.
    await saveProgramSettings(testDb(), s.shop.id, { ...defaultProgramSettings(), enabled: false });
    const whileOff = await standin.placeOrder(s.remote.domain, { customerId, lines: [{ variantId: bomb.variants[0]!.id.toString() }], webhooks: false });
    await s.deliver("orders/paid", orderPayload(s.remote, whileOff));
    expect(findTokens(await shopRows({ id: s.shop.id, domain: s.remote.domain }), { customerId })).toEqual(["OrderEarning: customerId", "WebhookDelivery: customerId"]);
    expect(await purgeLateData(testDb(), { id: s.shop.id, domain: s.remote.domain })).toBe(2);
    expect(findTokens(await shopRows({ id: s.shop.id, domain: s.remote.domain }), tokens)).toEqual([]);

    // A request that raced the redaction (its statement saw no tombstone yet) created the member
    // again: the same job redacts it.
    const raced = await testDb().member.create({ data: { shopId: s.shop.id, customerId, email: tokens.email, firstName: tokens.firstName } });
    expect(await purgeLateData(testDb(), { id: s.shop.id, domain: s.remote.domain })).toBe(1);
    expect(await testDb().member.findUniqueOrThrow({ where: { id: raced.id } })).toMatchObject({ customerId: `redacted:${raced.id}`, email: null, firstName: null });
    expect(findTokens(await shopRows({ id: s.shop.id, domain: s.remote.domain }), tokens)).toEqual([]);
    expect((await replayShop(testDb(), s.shop.id)).mismatches).toEqual([]);
  });

  it("processed webhook bodies and shoppers' idempotency records are purged after the shop's retention, failed ones and other shops' kept", async () => {
    const now = new Date("2026-12-01T12:00:00Z");
    const day = 86_400_000;
    const make = async (retentionDays?: number) => {
      const domain = `retention-${randomUUID().slice(0, 8)}.myshopify.com`;
      const shop = await testDb().shop.create({ data: { domain, ...(retentionDays ? { dataRetentionDays: retentionDays } : {}) } });
      const delivery = (status: string, ageDays: number) =>
        testDb().webhookDelivery.create({
          data: { shopDomain: domain, shopId: shop.id, webhookId: randomUUID(), topic: "orders/paid", payload: "{}", orderingKey: "shop", status, receivedAt: new Date(now.getTime() - ageDays * day) },
        });
      const record = (scope: string, ageDays: number) =>
        testDb().idempotencyRecord.create({ data: { shopId: shop.id, scope, key: randomUUID(), requestHash: "x", createdAt: new Date(now.getTime() - ageDays * day) } });
      const ids = {
        oldProcessed: (await delivery("processed", 31)).id,
        recentProcessed: (await delivery("processed", 29)).id,
        weekOldProcessed: (await delivery("processed", 8)).id,
        oldFailed: (await delivery("failed", 40)).id,
        oldShopper: (await record("customer:123", 31)).id,
        recentShopper: (await record("customer:123", 8)).id,
        oldJobMarker: (await record("birthday_reward", 400)).id,
      };
      return { shop: { id: shop.id, domain, dataRetentionDays: shop.dataRetentionDays }, ids };
    };
    const a = await make();
    const b = await make(7);
    expect(a.shop.dataRetentionDays).toBe(30);
    const remaining = async (x: typeof a) => {
      const deliveries = new Set((await testDb().webhookDelivery.findMany({ where: { shopDomain: x.shop.domain }, select: { id: true } })).map((d) => d.id));
      const records = new Set((await testDb().idempotencyRecord.findMany({ where: { shopId: x.shop.id }, select: { id: true } })).map((r) => r.id));
      return Object.entries(x.ids).filter(([, id]) => deliveries.has(id) || records.has(id)).map(([name]) => name).sort();
    };
    expect(await purgeShop(testDb(), a.shop, now)).toEqual({ deliveries: 1, idempotencyRecords: 1, lateData: 0 });
    expect(await remaining(a)).toEqual(["oldFailed", "oldJobMarker", "recentProcessed", "recentShopper", "weekOldProcessed"]);
    // Shop b (7 days) is untouched by a's run, then purged by its own setting.
    expect(await remaining(b)).toHaveLength(7);
    expect(await commands.retention!(cli(), [b.shop.domain])).toMatchObject({ data: { retentionDays: 7 } });
    expect(await purgeShop(testDb(), b.shop, now)).toEqual({ deliveries: 3, idempotencyRecords: 2, lateData: 0 });
    expect(await remaining(b)).toEqual(["oldFailed", "oldJobMarker"]);
  });

  it("customers/data_request stores a full export the shop's staff can download and the CLI can print; redaction deletes it", async () => {
    const s = await setup();
    const { c, customerId, tokens } = await richMember(s);
    const stored = await listDataRequests(testDb(), s.shop.id, { customerId });
    expect(stored.map((r) => r.source).sort()).toEqual(["staff", "webhook"]);
    const fromShopify = stored.find((r) => r.source === "webhook")!;
    const file = (await dataRequestFile(testDb(), s.shop.id, fromShopify.id))!;
    expect(file.filename).toBe(`tally-data-request-${customerId}-${fromShopify.createdAt.toISOString().slice(0, 10)}.json`);
    const data = JSON.parse(file.body);
    const member = await testDb().member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: s.shop.id, customerId } } });
    const entries = await testDb().ledgerEntry.count({ where: { memberId: member.id } });
    expect(data).toMatchObject({
      format: "tally-rewards/customer-data@1",
      shop: s.remote.domain,
      customerId,
      requestedAt: fromShopify.createdAt.toISOString(),
      member: {
        profile: { email: tokens.email, firstName: tokens.firstName, lastName: tokens.lastName, shopifyTags: [tokens.shopifyTag], addressKey: expect.stringContaining("privacylane") },
        balance: { balance: member.balance, pending: member.pending, heldForCodes: member.held, lifetimeEarned: member.lifetimeEarned },
        tier: { current: "Gold", override: { tier: "Gold", lifetime: true } },
        birthday: { month: 2, day: 15, year: 1913, setBy: "staff" },
        orders: expect.arrayContaining([expect.objectContaining({ orderId: expect.any(String), points: 160 })]),
        redemptions: [{ reward: "$5 off", status: "consumed", pointsCost: 100, code: tokens.rewardCode }],
      },
      referrals: { asAdvocate: [{ status: "rewarded", points: 500 }], asFriend: [{ status: "pending" }] },
    });
    expect(data.member.ledger).toHaveLength(entries);
    expect(data.member.ledger.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(["bonus", "earn", "redeem_hold", "redeem_consume", "adjust"]));
    expect(data.member.tierHistory.length).toBeGreaterThan(0);
    expect(data.member.auditLog.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(["birthday_set", "points_adjusted", "tier_override_set"]));
    // The friend is someone else: their address is masked in the advocate's export.
    expect(file.body).not.toContain(tokens.friendEmail);
    expect(data.referrals.asAdvocate[0].friend).toMatch(/^f\*\*\*@example\.com$/);

    // Scoped to the shop: another shop's staff get nothing for this id.
    const other = await testDb().shop.create({ data: { domain: `other-${randomUUID().slice(0, 8)}.myshopify.com` } });
    expect(await dataRequestFile(testDb(), other.id, fromShopify.id)).toBeNull();
    expect(await listDataRequests(testDb(), other.id)).toEqual([]);

    // The CLI: a new export, the list, and a stored one printed.
    const made = await commands["data-request"]!(cli(), [s.remote.domain, customerId]);
    expect(made.data).toMatchObject({ customerId, member: { profile: { email: tokens.email } } });
    const listed = await commands["data-requests"]!(cli(), [s.remote.domain, customerId]);
    expect(listed.data as unknown[]).toHaveLength(3);
    expect(listed.text).toContain(fromShopify.id);
    const shown = await commands["data-request-show"]!(cli(), [s.remote.domain, fromShopify.id]);
    expect(shown.data).toEqual(data);
    expect((await commands["data-request-show"]!(cli(), [other.domain, fromShopify.id])).exitCode).toBe(1);
    await expect(commands["data-request"]!(cli(), [s.remote.domain, "1 OR 1=1"])).rejects.toThrow(/customer id/);
    expect((await commands["data-request"]!(cli(), ["unknown.myshopify.com", customerId])).exitCode).toBe(1);

    // Redaction deletes the earlier exports; a later request says the data was erased.
    await s.deliver("customers/redact", compliancePayload(s.remote, "customers/redact", c));
    expect(await listDataRequests(testDb(), s.shop.id, { customerId })).toEqual([]);
    await s.deliver("customers/data_request", compliancePayload(s.remote, "customers/data_request", c));
    const [afterRedact] = await listDataRequests(testDb(), s.shop.id, { customerId });
    const erased = JSON.parse((await dataRequestFile(testDb(), s.shop.id, afterRedact!.id))!.body);
    expect(erased).toMatchObject({ member: null, note: expect.stringContaining("erased") });
    expect(JSON.stringify(erased)).not.toContain(tokens.email);
  });
});
