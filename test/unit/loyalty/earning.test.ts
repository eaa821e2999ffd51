// Earn rules and reversal, pure. Amounts are shop-currency minor units.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeEarnable, computeOrderPoints, computeReversal, type EarnSnapshot, formatMultiplier, scaledMultiplier } from "../../../app/loyalty/earning";
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

describe("earning: per-line basis, snapshot and edge cases", () => {
  it("reports each line's earnable amount and the multiplier that applies to it", () => {
    const gift = line(5000n, { giftCard: true });
    const excluded = line(1000n, { productTags: ["no-points"] });
    const doubled = line(1000n, { productId: "p2", collectionIds: ["c3"], discountMinor: 200n, taxMinor: 80n });
    const plain = line(700n, { discountMinor: 900n }); // discount above price: earns nothing, not less than nothing
    const o = order("1", [gift, excluded, doubled, plain], { shippingMinor: 500n, shippingTaxMinor: 50n });
    const s = settings({}, { exclusions: { productIds: [], collectionIds: [], productTags: ["no-points"] }, multipliers: { productIds: { p2: "2" }, collectionIds: { c3: "3" } } });
    expect(computeEarnable(o, s)).toEqual({
      earnableMinor: 800n,
      shippingEarnableMinor: 0n,
      lines: [
        { lineItemId: gift.lineItemId, quantity: 1, earnableMinor: 0n, multiplier: "1" },
        { lineItemId: excluded.lineItemId, quantity: 1, earnableMinor: 0n, multiplier: "1" },
        { lineItemId: doubled.lineItemId, quantity: 1, earnableMinor: 800n, multiplier: "3" }, // highest wins, no stacking
        { lineItemId: plain.lineItemId, quantity: 1, earnableMinor: 0n, multiplier: "1" },
      ],
    });
    // With taxes and shipping (and without the tag exclusion): tagged 10.00, 8.00 + 0.80 tax, shipping 5.00 + 0.50.
    const withAll = settings({}, { basis: { includeShipping: true, includeTaxes: true } });
    expect(computeEarnable(o, withAll).earnableMinor).toBe(1000n + 880n + 550n);
    expect(computeOrderPoints(o, s).points).toBe(24); // 8.00 × 3
  });

  it("gives guests 0 points but still reports what the order would earn on", () => {
    const result = computeOrderPoints(order(null, [line(5000n)]), defaultProgramSettings());
    expect(result.points).toBe(0);
    expect(result.earnableMinor).toBe(5000n);
    expect(result.snapshot.zeroReason).toBe("no_customer");
  });

  it("applies the minimum to the subtotal after discounts, gift cards and tax aside", () => {
    const s = settings({}, { minimumOrder: "25.00" });
    const o = order("1", [line(5000n, { giftCard: true }), line(2600n, { discountMinor: 200n, taxMinor: 500n })]);
    const result = computeOrderPoints(o, s);
    expect(result.points).toBe(0);
    expect(result.snapshot.zeroReason).toBe("below_minimum");
  });

  it("scales by the POS rate and a tier multiplier together, exactly", () => {
    const o = order("1", [line(10000n)], { sourceName: "pos" });
    const s = settings({}, { channelRates: { pos: "0.5" } });
    const result = computeOrderPoints(o, s, { tierMultiplier: "1.5" });
    expect(result.points).toBe(75);
    expect(result.weightedMinor).toBe(7500n);
    expect(result.snapshot).toMatchObject({ channelScaled: "5000", tierScaled: "15000" });
  });

  it("earns several points per amount in a three-decimal currency", () => {
    const kwd = order("1", [line(2750n)], { shopCurrency: "KWD" }); // 2.750 KWD
    expect(computeOrderPoints(kwd, settings({}, { pointsPerUnit: { points: 3, perAmount: "0.500" } })).points).toBe(16); // 5.5 × 3 = 16.5
  });

  it("records a JSON snapshot that gives the same reversal after a round trip", () => {
    const a = line(3000n, { quantity: 3, productId: "p" });
    const o = order("1", [a, line(1999n)], { shippingMinor: 700n });
    const s = settings({}, { basis: { includeShipping: true, includeTaxes: false }, multipliers: { productIds: { p: "1.25" }, collectionIds: {} } });
    const earned = computeOrderPoints(o, s);
    const stored = JSON.parse(JSON.stringify(earned.snapshot)) as EarnSnapshot;
    expect(stored).toEqual(earned.snapshot);
    const refunds = [refundOf(o, [{ line: a, quantity: 1 }], { shippingMinor: 350n })];
    const input = { earnedPoints: earned.points, alreadyReversed: 0, refunds, cancelled: false };
    expect(computeReversal({ ...input, snapshot: stored })).toEqual(computeReversal({ ...input, snapshot: earned.snapshot }));
  });

  it("rounds the exact rational once: down ≤ nearest ≤ up ≤ down + 1, and down is the floor (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gross: fc.bigInt({ min: 0n, max: 10n ** 9n }), discount: fc.bigInt({ min: 0n, max: 10n ** 6n }) }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 50 }),
        fc.constantFrom("0.01", "1.00", "2.50", "7.77"),
        (specs, points, perAmount) => {
          const o = order("1", specs.map((x) => line(x.gross, { discountMinor: x.discount })));
          const at = (rounding: string) => computeOrderPoints(o, settings({}, { rounding, pointsPerUnit: { points, perAmount } })).points;
          const [down, nearest, up] = [at("down"), at("nearest"), at("up")];
          const basis = specs.reduce((s, x) => s + (x.gross > x.discount ? x.gross - x.discount : 0n), 0n);
          const perMinor = BigInt(perAmount.replace(".", ""));
          expect(BigInt(down)).toBe((basis * BigInt(points)) / perMinor);
          expect(down).toBeLessThanOrEqual(nearest);
          expect(nearest).toBeLessThanOrEqual(up);
          expect(up - down).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe("multipliers", () => {
  it("are exact fixed-point decimals with up to four places (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 9n }), (scaled) => {
        const text = formatMultiplier(scaled);
        expect(text).toMatch(/^\d+(\.\d{1,4})?$/);
        expect(scaledMultiplier(text)).toBe(scaled);
      }),
    );
    expect(scaledMultiplier("1.5")).toBe(15_000n);
    expect(() => scaledMultiplier("1.23456")).toThrow(/not a multiplier/);
    expect(() => scaledMultiplier("-2")).toThrow(/not a multiplier/);
  });
});
