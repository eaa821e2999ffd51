// Earn rules and reversal, pure. Amounts are shop-currency minor units.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeOrderPoints, computeReversal } from "../../../app/loyalty/earning";
import type { NormalizedRefund } from "../../../app/loyalty/order";
import { defaultProgramSettings, parseProgramSettings, type ProgramSettings } from "../../../app/loyalty/program-settings";
import { line, order, refundOf } from "../../support/orders";

const settings = (patch: Record<string, unknown> = {}, earn: Record<string, unknown> = {}): ProgramSettings =>
  parseProgramSettings({ ...patch, earn: { ...defaultProgramSettings().earn, ...earn } });

describe("earning", () => {
  it("earns 1 point per 1.00 of the subtotal after discounts, rounded down, by default", () => {
    const o = order("1", [line(4999n, { discountMinor: 500n }), line(2550n, { taxMinor: 255n })], { shippingMinor: 999n });
    expect(computeOrderPoints(o, defaultProgramSettings()).points).toBe(70); // 44.99 + 25.50 = 70.49
  });

  it("counts shipping and taxes only when switched on", () => {
    const o = order("1", [line(1000n, { taxMinor: 100n })], { shippingMinor: 500n, shippingTaxMinor: 50n });
    expect(computeOrderPoints(o, settings({}, { basis: { includeShipping: true, includeTaxes: false } })).points).toBe(15);
    expect(computeOrderPoints(o, settings({}, { basis: { includeShipping: true, includeTaxes: true } })).points).toBe(16);
    expect(computeOrderPoints(o, settings({}, { basis: { includeShipping: false, includeTaxes: true } })).points).toBe(11);
  });

  it("rounds down, to nearest or up as configured", () => {
    const o = order("1", [line(1050n)]);
    expect([ "down", "nearest", "up"].map((rounding) => computeOrderPoints(o, settings({}, { rounding })).points)).toEqual([10, 11, 11]);
    const o2 = order("1", [line(1049n)]);
    expect(computeOrderPoints(o2, settings({}, { rounding: "nearest" })).points).toBe(10);
  });

  it("never earns on gift cards, excluded products, collections or tags", () => {
    const o = order("1", [
      line(5000n, { giftCard: true }),
      line(1000n, { productId: "p-excluded" }),
      line(1000n, { collectionIds: ["c-sale"] }),
      line(1000n, { productTags: ["no-points"] }),
      line(2000n),
    ]);
    const s = settings({}, { exclusions: { productIds: ["p-excluded"], collectionIds: ["c-sale"], productTags: ["no-points"] } });
    expect(computeOrderPoints(o, s).points).toBe(20);
  });

  it("applies the highest product or collection multiplier of a line, exactly (no float drift)", () => {
    const o = order("1", [line(1000n, { productId: "p1", collectionIds: ["c1"] }), line(333n, { collectionIds: ["c2"] })]);
    const s = settings({}, { multipliers: { productIds: { p1: "2" }, collectionIds: { c1: "3", c2: "1.5" } } });
    // 10.00 × 3 + 3.33 × 1.5 = 34.995 → 34 (a float would give 34.99499…)
    expect(computeOrderPoints(o, s).points).toBe(34);
  });

  it("uses the POS rate for point-of-sale orders and a tier multiplier", () => {
    const o = order("1", [line(10000n)], { sourceName: "pos" });
    const s = settings({}, { channelRates: { pos: "0.5" } });
    expect(computeOrderPoints(o, s).points).toBe(50);
    expect(computeOrderPoints({ ...o, sourceName: "web" }, s).points).toBe(100);
    expect(computeOrderPoints({ ...o, sourceName: "web" }, s, { tierMultiplier: "1.25" }).points).toBe(125);
  });

  it("earns nothing below the minimum order amount", () => {
    const s = settings({}, { minimumOrder: "25.00" });
    expect(computeOrderPoints(order("1", [line(2499n)]), s).points).toBe(0);
    expect(computeOrderPoints(order("1", [line(2500n)]), s).points).toBe(25);
  });

  it("works in currencies without minor units (JPY) and with three decimals (KWD)", () => {
    const jpy = order("1", [line(12345n)], { shopCurrency: "JPY" });
    expect(computeOrderPoints(jpy, settings({}, { pointsPerUnit: { points: 1, perAmount: "100" } })).points).toBe(123);
    const kwd = order("1", [line(12345n)], { shopCurrency: "KWD" }); // 12.345 KWD
    expect(computeOrderPoints(kwd, settings({}, { pointsPerUnit: { points: 10, perAmount: "1.000" } })).points).toBe(123);
    expect(() => computeOrderPoints(jpy, settings({}, { pointsPerUnit: { points: 1, perAmount: "0.50" } }))).toThrow(/JPY/);
  });
});

describe("reversal", () => {
  const a = line(6000n, { quantity: 2 });
  const b = line(4000n, { discountMinor: 1000n });
  const o = order("1", [a, b]); // earnable 60.00 + 30.00 = 90.00
  const earned = computeOrderPoints(o, defaultProgramSettings());

  it("takes back the refunded share at the earn-time rate, never more than the order earned", () => {
    expect(earned.points).toBe(90);
    const reverse = (refunds: NormalizedRefund[], cancelled = false) =>
      computeReversal({ snapshot: earned.snapshot, earnedPoints: earned.points, alreadyReversed: 0, refunds, cancelled }).totalToReverse;
    expect(reverse([refundOf(o, [{ line: a, quantity: 1 }])])).toBe(30);
    expect(reverse([refundOf(o, [{ line: a, quantity: 2 }, { line: b, quantity: 1 }])])).toBe(90);
    // A refund that claims more than the line earned is capped at the line.
    expect(reverse([refundOf(o, [{ line: b, quantity: 1 }], { lines: [{ lineItemId: b.lineItemId, quantity: 1, subtotalMinor: 9999n, taxMinor: 0n }] })])).toBe(30);
    expect(reverse([], true)).toBe(90);
    // A custom amount with no lines.
    expect(reverse([refundOf(o, [], { transactionsMinor: 4500n })])).toBe(45);
  });

  it("converges whatever the refund sequence and arrival order (property)", () => {
    const arbLine = fc.record({ price: fc.integer({ min: 1, max: 50_000 }), qty: fc.integer({ min: 1, max: 4 }), discount: fc.integer({ min: 0, max: 100 }) });
    fc.assert(
      fc.property(fc.array(arbLine, { minLength: 1, maxLength: 5 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }), fc.boolean(), (specs, picks, cancelled) => {
        const lines = specs.map((s) => line(BigInt(s.price * s.qty), { quantity: s.qty, discountMinor: (BigInt(s.price * s.qty) * BigInt(s.discount)) / 100n }));
        const o2 = order("1", lines);
        const earn = computeOrderPoints(o2, defaultProgramSettings());
        // Random partial refunds, never refunding more units than were bought.
        const left = lines.map((l) => l.quantity);
        const refunds: NormalizedRefund[] = [];
        for (const [i, q] of picks) {
          const idx = i % lines.length;
          const qty = Math.min(left[idx]!, 1 + (q % 3));
          if (qty === 0) continue;
          left[idx]! -= qty;
          refunds.push(refundOf(o2, [{ line: lines[idx]!, quantity: qty }]));
        }
        const total = (rs: NormalizedRefund[]) =>
          computeReversal({ snapshot: earn.snapshot, earnedPoints: earn.points, alreadyReversed: 0, refunds: rs, cancelled }).totalToReverse;
        const forward = total(refunds);
        expect(total([...refunds].reverse())).toBe(forward);
        expect(total([...refunds, ...refunds])).toBe(forward); // duplicates
        expect(forward).toBeLessThanOrEqual(earn.points);
        if (cancelled || left.every((n) => n === 0)) expect(forward).toBe(earn.points);
        // Cumulative targets only grow as refunds arrive.
        let previous = 0;
        for (let k = 1; k <= refunds.length; k++) {
          const t = total(refunds.slice(0, k));
          expect(t).toBeGreaterThanOrEqual(previous);
          previous = t;
        }
      }),
      { numRuns: 300 },
    );
  });
});
