// Syncing members to Shopify (the stand-in, on the real 2026-10 schema): the tier tag and the
// app-owned metafields after a tier change, only what changed, 25 metafields per call at most,
// throttling waited out, failures retried with backoff, one bad customer not holding back others.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminGraphqlClient } from "../../../app/shopify/admin-api.server";
import { syncDirtyMembers } from "../../../app/services/sync/customer-sync.server";
import { type Standin, startStandin } from "../../standin/index";
import { standinAdmin } from "../../support/standin-admin";
import { testDb } from "../../support/test-db";
import { earn, memberOf, newShop, saveTiers } from "./fixtures";

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin({ appUrl: "http://127.0.0.1:9" });
});
afterAll(async () => {
  await standin.close();
});

type Call = { operation: string; metafields: number };

/** The stand-in's admin client, recording each request's operation and metafield count. */
function recordingAdmin(domain: string) {
  const admin = standinAdmin(standin, domain);
  const calls: Call[] = [];
  const client: AdminGraphqlClient = {
    graphql: (query, options) => {
      const operation = /(?:mutation|query)\s+(\w+)/.exec(query)?.[1] ?? "?";
      const metafields = ((options?.variables?.metafields as unknown[]) ?? []).length;
      calls.push({ operation, metafields });
      return admin.graphql(query, options);
    },
  };
  return { client, calls };
}

async function setup() {
  const remote = standin.createShop({ name: "Sync Shop" });
  const shop = await newShop(remote.domain);
  await saveTiers(shop.id);
  const newCustomer = async (tags: string[] = []) => (await standin.createCustomer(remote.domain, { email: `c${Math.random()}@example.com`, tags }, { webhook: false })).id.toString();
  const remoteCustomer = (id: string) => standin.state.shop(remote.domain).customers.get(BigInt(id))!;
  const metafield = (id: string, key: string) => [...remoteCustomer(id).metafields.values()].find((m) => m.key === key && m.namespace.endsWith(":tally"));
  return { remote, shop, newCustomer, remoteCustomer, metafield, ...recordingAdmin(remote.domain) };
}

describe(`customer sync on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("writes the same next expiry as the storefront shows, for expiry after inactivity too", async () => {
    const { shop, newCustomer, metafield, client } = await setup();
    const { loadProgramSettings, saveProgramSettings } = await import("../../../app/services/program/settings.server");
    const { nextExpiry } = await import("../../../app/services/expiry/next-expiry.server");
    await saveProgramSettings(testDb(), shop.id, { ...(await loadProgramSettings(testDb(), shop.id)), pointsExpiry: { mode: "inactivity", months: 6 } });
    const customer = await newCustomer();
    const earnedAt = new Date("2026-06-15T12:00:00Z");
    await earn(shop.id, customer, 30_000n, earnedAt); // 300 points, then nothing for six months
    const now = new Date("2026-07-01T00:00:00Z");
    await syncDirtyMembers(testDb(), shop.id, client, { now });
    const written = JSON.parse(metafield(customer, "next_expiry")!.value) as { points: number; at: string };
    const shown = await nextExpiry(testDb(), shop.id, (await memberOf(shop.id, customer)).id, now);
    expect(written).toEqual({ points: 300, at: shown!.at.toISOString() });
    expect(new Date(written.at).getTime()).toBeGreaterThan(earnedAt.getTime() + 180 * 86_400_000);
  });

  it("writes the tier tag and metafields after a tier change, then only what changes", async () => {
    const { shop, newCustomer, remoteCustomer, metafield, client, calls } = await setup();
    const customer = await newCustomer(["wholesale"]);
    await earn(shop.id, customer, 60_000n); // Silver
    const first = await syncDirtyMembers(testDb(), shop.id, client);
    expect(first).toMatchObject({ examined: 1, written: 1, failed: 0 });
    expect(remoteCustomer(customer).tags.sort()).toEqual(["tally-tier:silver", "wholesale"]);
    expect(metafield(customer, "balance")).toMatchObject({ type: "number_integer", value: "600" });
    expect(JSON.parse(metafield(customer, "tier")!.value)).toMatchObject({ name: "Silver", slug: "silver" });
    expect(JSON.parse(metafield(customer, "progress")!.value)).toEqual({ metric: "points", value: "600", nextTier: "Gold", remaining: "400" });
    expect(JSON.parse(metafield(customer, "next_expiry")!.value)).toBeNull();
    expect(await memberOf(shop.id, customer)).toMatchObject({ syncDirty: false, syncAttempts: 0, syncError: null });

    // Nothing dirty: nothing sent.
    calls.length = 0;
    expect(await syncDirtyMembers(testDb(), shop.id, client)).toMatchObject({ examined: 0, calls: 0 });
    // Dirty but unchanged: nothing sent either.
    await testDb().member.update({ where: { id: (await memberOf(shop.id, customer)).id }, data: { syncDirty: true } });
    expect(await syncDirtyMembers(testDb(), shop.id, client)).toMatchObject({ examined: 1, unchanged: 1, calls: 0 });
    expect(calls).toEqual([]);

    // Up to Gold: the old tag goes, the new one comes, and the changed metafields are written.
    await earn(shop.id, customer, 50_000n);
    await syncDirtyMembers(testDb(), shop.id, client);
    expect(remoteCustomer(customer).tags.sort()).toEqual(["tally-tier:gold", "wholesale"]);
    expect(metafield(customer, "balance")!.value).toBe("1100");
    expect(calls.map((c) => c.operation)).toEqual(["SetCustomerLoyaltyMetafields", "RemoveCustomerTierTags", "AddCustomerTierTags"]);
    expect(calls[0]!.metafields).toBe(3); // balance, tier, progress (next expiry unchanged)
  });

  it("packs at most 25 metafields per call, whole members per call", async () => {
    const { shop, newCustomer, metafield, client, calls } = await setup();
    const customers: string[] = [];
    for (let i = 0; i < 13; i++) customers.push(await newCustomer());
    for (const c of customers) await earn(shop.id, c, 1_000n);
    const result = await syncDirtyMembers(testDb(), shop.id, client);
    expect(result).toMatchObject({ examined: 13, written: 13, failed: 0 });
    const metafieldCalls = calls.filter((c) => c.operation === "SetCustomerLoyaltyMetafields");
    expect(metafieldCalls.map((c) => c.metafields)).toEqual([24, 24, 4]);
    expect(calls.filter((c) => c.operation === "AddCustomerTierTags")).toHaveLength(13);
    for (const c of customers) expect(metafield(c, "balance")!.value).toBe("10");
  });

  it("waits out throttling, injected and from a nearly empty cost bucket", async () => {
    const { remote, shop, newCustomer, remoteCustomer, client } = await setup();
    const customers = [await newCustomer(), await newCustomer(), await newCustomer()];
    for (const c of customers) await earn(shop.id, c, 60_000n);
    standin.failNext({ operation: "metafieldsSet", times: 2 }, "throttled");
    const waits: number[] = [];
    const injected = await syncDirtyMembers(testDb(), shop.id, client, { sleep: async (ms) => void waits.push(ms) });
    expect(injected).toMatchObject({ written: 3, failed: 0 });
    expect(waits).toHaveLength(2);

    // A real bucket: 30 points, refilled at 100 per second; each mutation costs 10.
    standin.setThrottle(remote.domain, { maximumAvailable: 30, restoreRate: 100, currentlyAvailable: 0 });
    for (const c of customers) await earn(shop.id, c, 50_000n); // Gold
    const started = Date.now();
    const bucketed = await syncDirtyMembers(testDb(), shop.id, client);
    expect(bucketed).toMatchObject({ written: 3, failed: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(80);
    for (const c of customers) expect(remoteCustomer(c).tags).toEqual(["tally-tier:gold"]);
  });

  it("retries a failed member later with backoff, and clears the error on success", async () => {
    const { shop, newCustomer, remoteCustomer, client } = await setup();
    const customer = await newCustomer();
    await earn(shop.id, customer, 60_000n);
    const now = new Date("2026-06-15T12:00:00Z");
    standin.failNext({ operation: "metafieldsSet" }, "http500");
    expect(await syncDirtyMembers(testDb(), shop.id, client, { now })).toMatchObject({ failed: 1, written: 0 });
    const failed = await memberOf(shop.id, customer);
    expect(failed).toMatchObject({ syncDirty: true, syncAttempts: 1, syncNextAttemptAt: new Date("2026-06-15T12:01:00Z") });
    expect(failed.syncError).toMatch(/500/);
    expect(remoteCustomer(customer).tags).toEqual([]);

    standin.failNext({ operation: "tagsAdd" }, "networkError");
    expect(await syncDirtyMembers(testDb(), shop.id, client, { now: new Date("2026-06-15T12:00:59Z") })).toMatchObject({ examined: 0 });
    expect(await syncDirtyMembers(testDb(), shop.id, client, { now: new Date("2026-06-15T12:01:00Z") })).toMatchObject({ failed: 1 });
    expect(await memberOf(shop.id, customer)).toMatchObject({ syncAttempts: 2, syncNextAttemptAt: new Date("2026-06-15T12:03:00Z") });

    expect(await syncDirtyMembers(testDb(), shop.id, client, { now: new Date("2026-06-15T12:03:00Z") })).toMatchObject({ written: 1, failed: 0 });
    expect(await memberOf(shop.id, customer)).toMatchObject({ syncDirty: false, syncAttempts: 0, syncError: null, syncNextAttemptAt: null });
    expect(remoteCustomer(customer).tags).toEqual(["tally-tier:silver"]);
  });

  it("one customer Shopify refuses does not hold back the others in its call", async () => {
    const { shop, newCustomer, metafield, client } = await setup();
    const good = [await newCustomer(), await newCustomer()];
    for (const c of good) await earn(shop.id, c, 1_000n);
    const gone = "999999999999999991"; // not a customer on Shopify (deleted there)
    await earn(shop.id, gone, 1_000n);
    const result = await syncDirtyMembers(testDb(), shop.id, client);
    expect(result).toMatchObject({ examined: 3, written: 2, failed: 1 });
    for (const c of good) expect(metafield(c, "balance")!.value).toBe("10");
    expect((await memberOf(shop.id, gone)).syncError).toMatch(/metafieldsSet/);
  });
});
