// Birthday rewards on a real database with an injected clock: the shop-local day in Auckland and
// Los Angeles, 29 February in common and leap years, the "set N days before" and "once a year"
// anti-gaming rules, a catalog reward issued through the stand-in once, and GET /proxy/me.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultProgramSettings } from "../../../app/loyalty/program-settings";
import { BIRTHDAY_SYSTEM_USER, runBirthdays } from "../../../app/services/birthday/birthday-job.server";
import { setBirthday } from "../../../app/services/birthday/set-birthday.server";
import { saveProgramSettings } from "../../../app/services/program/settings.server";
import { createReward } from "../../../app/services/rewards/catalog.server";
import { memberView } from "../../../app/services/storefront/member-view.server";
import { type Standin, startStandin } from "../../standin/index";
import { bigId } from "../../support/orders";
import { standinAdmin } from "../../support/standin-admin";
import { testDb } from "../../support/test-db";
import { refusal } from "../../support/refusal";

const at = (iso: string) => new Date(iso);
const LONG_AGO = at("2025-01-01T00:00:00Z");

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin({ appUrl: "http://127.0.0.1:9" });
});
afterAll(async () => {
  await standin.close();
});

async function shopWith(timezone: string, birthday: Record<string, unknown> = {}, domain = `bday-${bigId()}.myshopify.com`) {
  const shop = await testDb().shop.create({ data: { domain, timezone } });
  await saveProgramSettings(testDb(), shop.id, { ...defaultProgramSettings(), birthday: { enabled: true, points: 200, minDaysBeforeBirthday: 30, ...birthday } });
  return shop;
}

const shopper = { by: "shopper" } as const;
const member = (shopId: string, customerId: string) => testDb().member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId } } });
const grants = (shopId: string) => testDb().ledgerEntry.findMany({ where: { shopId, sourceType: "birthday" }, orderBy: { createdAt: "asc" } });

describe(`birthday rewards on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("pays on the shop-local day: Auckland a day ahead of Los Angeles, once each", async () => {
    const auckland = await shopWith("Pacific/Auckland");
    const losAngeles = await shopWith("America/Los_Angeles");
    const customer = bigId();
    await setBirthday(testDb(), auckland.id, customer, { month: 6, day: 15 }, shopper, { now: LONG_AGO });
    await setBirthday(testDb(), losAngeles.id, customer, { month: 6, day: 15, year: 1990 }, shopper, { now: LONG_AGO });

    // 14 June 11:59Z is 14 June 23:59 in Auckland (NZST, UTC+12).
    expect(await runBirthdays(testDb(), auckland.id, at("2026-06-14T11:59:00Z"))).toMatchObject({ granted: 0 });
    // 14 June 12:00Z: 15 June 00:00 in Auckland, still 14 June 05:00 in Los Angeles.
    expect(await runBirthdays(testDb(), auckland.id, at("2026-06-14T12:00:00Z"))).toMatchObject({ granted: 1 });
    expect(await runBirthdays(testDb(), losAngeles.id, at("2026-06-14T12:00:00Z"))).toMatchObject({ granted: 0 });
    // 15 June 07:00Z: 15 June 00:00 in Los Angeles (PDT, UTC-7).
    expect(await runBirthdays(testDb(), losAngeles.id, at("2026-06-15T06:59:00Z"))).toMatchObject({ granted: 0 });
    expect(await runBirthdays(testDb(), losAngeles.id, at("2026-06-15T07:00:00Z"))).toMatchObject({ granted: 1 });
    // Running again (the same day, or the catch-up on the following days) pays nobody twice.
    expect(await runBirthdays(testDb(), auckland.id, at("2026-06-15T07:00:00Z"))).toMatchObject({ granted: 0 });
    expect(await runBirthdays(testDb(), losAngeles.id, at("2026-06-16T20:00:00Z"))).toMatchObject({ granted: 0 });
    expect(await member(auckland.id, customer)).toMatchObject({ balance: 200 });
    expect(await member(losAngeles.id, customer)).toMatchObject({ balance: 200 });
    const [entry] = await grants(auckland.id);
    expect(entry).toMatchObject({ kind: "bonus", points: 200, reason: "Birthday", businessKey: `birthday:${(await member(auckland.id, customer)).id}:2026` });
    // The next year pays again.
    expect(await runBirthdays(testDb(), auckland.id, at("2027-06-14T12:00:00Z"))).toMatchObject({ granted: 1 });
    expect(await member(auckland.id, customer)).toMatchObject({ balance: 400 });
  });

  it("celebrates 29 February on the 28th in common years and on the 29th in leap years", async () => {
    const shop = await shopWith("UTC");
    const customer = bigId();
    await setBirthday(testDb(), shop.id, customer, { month: 2, day: 29, year: 2000 }, shopper, { now: LONG_AGO });
    expect(await runBirthdays(testDb(), shop.id, at("2027-02-27T12:00:00Z"))).toMatchObject({ granted: 0 });
    expect(await runBirthdays(testDb(), shop.id, at("2027-02-28T00:30:00Z"))).toMatchObject({ granted: 1 });
    expect(await runBirthdays(testDb(), shop.id, at("2027-03-01T00:30:00Z"))).toMatchObject({ granted: 0 });
    expect(await runBirthdays(testDb(), shop.id, at("2028-02-28T12:00:00Z"))).toMatchObject({ granted: 0 });
    expect(await runBirthdays(testDb(), shop.id, at("2028-02-29T12:00:00Z"))).toMatchObject({ granted: 1 });
    expect((await grants(shop.id)).map((g) => JSON.parse(g.details).day)).toEqual(["2027-02-28", "2028-02-29"]);
  });

  it("does not pay a birthday set fewer than N days before it; the shopper can change it once a year", async () => {
    const shop = await shopWith("UTC", { minDaysBeforeBirthday: 30 });
    const late = bigId();
    const early = bigId();
    await setBirthday(testDb(), shop.id, late, { month: 7, day: 20 }, shopper, { now: at("2026-06-21T12:00:00Z") }); // 29 days before
    await setBirthday(testDb(), shop.id, early, { month: 7, day: 20 }, shopper, { now: at("2026-06-20T12:00:00Z") }); // 30 days before
    expect(await runBirthdays(testDb(), shop.id, at("2026-07-20T12:00:00Z"))).toMatchObject({ granted: 1, skipped: 1 });
    expect(await member(shop.id, late)).toMatchObject({ balance: 0 });
    expect(await member(shop.id, early)).toMatchObject({ balance: 200 });
    expect(await runBirthdays(testDb(), shop.id, at("2027-07-20T12:00:00Z"))).toMatchObject({ granted: 2 });

    // A change within 365 days is refused; the same date again is not a change.
    const locked = await refusal(setBirthday(testDb(), shop.id, late, { month: 8, day: 1 }, shopper, { now: at("2027-06-01T00:00:00Z") }));
    expect(locked).toMatchObject({ code: "birthday_locked", status: 409, details: { changeableFrom: "2027-06-21T12:00:00.000Z" } });
    expect(await setBirthday(testDb(), shop.id, late, { month: 7, day: 20 }, shopper, { now: at("2027-06-01T00:00:00Z") })).toMatchObject({ month: 7, day: 20 });
    // Moving the birthday to "tomorrow" after a year does not pay this year (set 1 day before).
    await setBirthday(testDb(), shop.id, late, { month: 7, day: 1 }, shopper, { now: at("2028-06-30T00:00:00Z") });
    expect(await runBirthdays(testDb(), shop.id, at("2028-07-01T12:00:00Z"))).toMatchObject({ granted: 0, skipped: 1 });

    // Staff may correct it at any time (audited), and the correction restarts the N-day rule too.
    const corrected = await setBirthday(testDb(), shop.id, early, { month: 7, day: 25 }, { by: "staff", staffUserId: "74857396114" }, { now: at("2028-07-15T00:00:00Z") });
    expect(corrected).toMatchObject({ month: 7, day: 25, changeableFrom: "2029-07-15T00:00:00.000Z" });
    expect(await runBirthdays(testDb(), shop.id, at("2028-07-25T12:00:00Z"))).toMatchObject({ granted: 0 });
    expect(await testDb().staffAuditEntry.count({ where: { shopId: shop.id, action: "birthday_set" } })).toBe(1);
  });

  it("refuses impossible dates with field errors and stores nothing", async () => {
    const shop = await shopWith("UTC");
    const customer = bigId();
    const now = at("2026-01-01T00:00:00Z");
    expect(await refusal(setBirthday(testDb(), shop.id, customer, { month: 2, day: 30 }, shopper, { now }))).toMatchObject({ code: "invalid_birthday", details: { fieldErrors: { day: "must be at most 29 for month 2" } } });
    expect(await refusal(setBirthday(testDb(), shop.id, customer, { month: 2, day: 29, year: 2023 }, shopper, { now }))).toMatchObject({ details: { fieldErrors: { day: "must be at most 28 for month 2 of 2023" } } });
    expect(await refusal(setBirthday(testDb(), shop.id, customer, { month: 13, day: 1 }, shopper, { now }))).toMatchObject({ details: { fieldErrors: { month: "must be from 1 to 12" } } });
    expect(await refusal(setBirthday(testDb(), shop.id, customer, { month: 1, day: 1, year: 2030 }, shopper, { now }))).toMatchObject({ details: { fieldErrors: { year: "must not be in the future" } } });
    expect(await testDb().memberBirthday.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("issues a catalog reward through Shopify once, free; GET /proxy/me shows the birthday", async () => {
    const remote = standin.createShop({ name: "Birthday Shop" });
    const shop = await shopWith("UTC", {}, remote.domain);
    const reward = await createReward(testDb(), shop.id, { title: "$10 birthday treat", type: "fixed_amount", pointsCost: 1000, config: { amount: "10.00" }, codeValidityDays: 30 });
    await saveProgramSettings(testDb(), shop.id, { ...defaultProgramSettings(), birthday: { enabled: true, rewardId: reward.id } });
    const customer = (await standin.createCustomer(remote.domain, { email: "bday@example.com" }, { webhook: false })).id.toString();
    await setBirthday(testDb(), shop.id, customer, { month: 3, day: 10 }, shopper, { now: LONG_AGO });
    const admin = async () => standinAdmin(standin, remote.domain);

    expect(await runBirthdays(testDb(), shop.id, at("2026-03-10T09:00:00Z"), { admin })).toMatchObject({ granted: 1, failed: 0 });
    expect(await runBirthdays(testDb(), shop.id, at("2026-03-10T10:00:00Z"), { admin })).toMatchObject({ granted: 0, failed: 0 });
    const m = await member(shop.id, customer);
    const issued = await testDb().redemption.findMany({ where: { memberId: m.id } });
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({ rewardId: reward.id, status: "issued", pointsCost: 0, staffUserId: BIRTHDAY_SYSTEM_USER });
    expect(standin.findDiscountCode(remote.domain, issued[0]!.code!)).toBeDefined();
    expect(m.balance).toBe(0);

    const view = await memberView(testDb(), shop.id, customer);
    expect(view.member.birthday).toMatchObject({ month: 3, day: 10, year: null });
  });
});
