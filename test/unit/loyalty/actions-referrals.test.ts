import { describe, expect, it } from "vitest";
import { actionPeriod, withinLimit } from "../../../app/loyalty/actions";
import { addressKeyOf, referralOrderFacts, referralRejection, referralStands } from "../../../app/loyalty/referrals";

const d = (iso: string) => new Date(iso);

describe("action limits", () => {
  it("counts in shop-local calendar periods (weeks start on Monday)", () => {
    // Sunday 14 June 2026 20:00 in Los Angeles = Monday 15 June 03:00Z.
    const now = d("2026-06-15T03:00:00Z");
    expect(actionPeriod("day", now, "America/Los_Angeles")).toEqual({ label: "day:2026-06-14", start: d("2026-06-14T07:00:00Z"), end: d("2026-06-15T07:00:00Z") });
    expect(actionPeriod("week", now, "America/Los_Angeles")).toMatchObject({ label: "week:2026-06-08", start: d("2026-06-08T07:00:00Z"), end: d("2026-06-15T07:00:00Z") });
    expect(actionPeriod("week", now)).toMatchObject({ label: "week:2026-06-15" });
    expect(actionPeriod("month", d("2026-12-31T12:00:00Z"))).toEqual({ label: "month:2026-12-01", start: d("2026-12-01T00:00:00Z"), end: d("2027-01-01T00:00:00Z") });
    expect(actionPeriod("year", now)).toMatchObject({ label: "year:2026-01-01" });
    expect(actionPeriod("lifetime", now)).toBeNull();
    expect(withinLimit({ count: 2, period: "day" }, 1)).toBe(true);
    expect(withinLimit({ count: 2, period: "day" }, 2)).toBe(false);
  });
});

describe("referral fraud rules", () => {
  const advocate = { customerId: "1", email: "Ada@Example.com", addressKey: addressKeyOf({ address1: "1 Main St.", zip: "K2P 2L8", country_code: "CA" }) };
  const friend = { customerId: "2", email: "bob@example.com", shippingAddressKey: null, earlierOrders: 0 };
  const facts = { advocate, friend, advocateQualifiedThisMonth: 0, monthlyCap: 3 };

  it("normalizes addresses", () => {
    expect(advocate.addressKey).toBe("1mainst|k2p2l8|ca");
    expect(addressKeyOf({ address1: "1 main st", zip: "k2p2l8", country_code: "ca" })).toBe(advocate.addressKey);
    expect(addressKeyOf({ address1: "1 Main St", zip: null })).toBeNull();
  });

  it("rejects self-referral, returning customers and referrals over the cap", () => {
    expect(referralRejection(facts)).toBeNull();
    expect(referralRejection({ ...facts, friend: { ...friend, customerId: "1" } })).toBe("self_referral_customer");
    expect(referralRejection({ ...facts, friend: { ...friend, email: " ada@example.com" } })).toBe("self_referral_email");
    expect(referralRejection({ ...facts, friend: { ...friend, shippingAddressKey: "1mainst|k2p2l8|ca" } })).toBe("self_referral_address");
    expect(referralRejection({ ...facts, friend: { ...friend, earlierOrders: 1 } })).toBe("not_new_customer");
    expect(referralRejection({ ...facts, advocateQualifiedThisMonth: 3 })).toBe("monthly_cap");
    // A guest order: nobody to tell apart from the advocate or from an earlier buyer.
    expect(referralRejection({ ...facts, friend: { ...friend, customerId: null } })).toBe("no_customer");
  });
});

describe("a referral follows the friend's order", () => {
  // Two soaps at 9.50 and a 24.00 oil: 43.00 before discounts.
  const order = { lines: [{ lineItemId: "11", quantity: 2, grossMinor: 1900n }, { lineItemId: "12", quantity: 1, grossMinor: 2400n }] };
  const refund = (...lines: Array<[string, number]>) => ({ lines: lines.map(([lineItemId, quantity]) => ({ lineItemId, quantity })) });

  it("stands until cancelled or every unit is refunded, when the welcome reward has no minimum", () => {
    const facts = referralOrderFacts(order, null);
    expect(referralStands(facts, [], false)).toBe(true);
    expect(referralStands(facts, [], true)).toBe(false);
    expect(referralStands(facts, [refund(["12", 1]), refund(["11", 1])], false)).toBe(true);
    // A refund with no lines (shipping, a goodwill amount) keeps the purchase.
    expect(referralStands(facts, [refund()], false)).toBe(true);
    expect(referralStands(facts, [refund(["12", 1]), refund(["11", 1]), refund(["11", 1])], false)).toBe(false);
  });

  it("falls when what is kept drops below the welcome reward's minimum", () => {
    const facts = referralOrderFacts(order, 3000n);
    expect(referralStands(facts, [refund(["11", 1])], false)).toBe(true); // 33.50 kept
    expect(referralStands(facts, [refund(["11", 2])], false)).toBe(false); // 24.00 kept
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
  });

  it("without recorded facts (older referrals) any refund takes the reward back", () => {
    expect(referralStands(null, [], false)).toBe(true);
    expect(referralStands(null, [refund()], false)).toBe(false);
  });
});
