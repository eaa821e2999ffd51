// Cumulative reversal: what refunds and a cancellation take back from what an order earned.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeOrderPoints, computeReversal, type EarnResult } from "../../../app/loyalty/earning";
import type { NormalizedLine, NormalizedOrder, NormalizedRefund } from "../../../app/loyalty/order";
import { defaultProgramSettings, parseProgramSettings } from "../../../app/loyalty/program-settings";
import { line, order, refundOf } from "../../support/orders";

const reverse = (earned: EarnResult, refunds: NormalizedRefund[], opts: { cancelled?: boolean; alreadyReversed?: number } = {}) =>
  computeReversal({
    snapshot: earned.snapshot,
    earnedPoints: earned.points,
    alreadyReversed: opts.alreadyReversed ?? 0,
    refunds,
    cancelled: opts.cancelled ?? false,
  }).totalToReverse;

const custom = (o: NormalizedOrder, amount: bigint) => refundOf(o, [], { transactionsMinor: amount });
const shipping = (o: NormalizedOrder, amount: bigint) => refundOf(o, [], { shippingMinor: amount, transactionsMinor: amount });

describe("reversal rules", () => {
  const a = line(6000n, { quantity: 3 }); // 20.00 a unit
  const b = line(3000n);
  const gift = line(5000n, { giftCard: true });
  const o = order("1", [a, b, gift], { shippingMinor: 1000n, shippingTaxMinor: 100n });
  const earned = computeOrderPoints(o, defaultProgramSettings()); // 90 points on 90.00

  it("takes back a line's share by the units refunded, whatever the refunded amount", () => {
    expect(earned.points).toBe(90);
    expect(reverse(earned, [refundOf(o, [{ line: a, quantity: 1 }])])).toBe(20);
    // A restocking fee lowers the money returned, not the points the returned unit earned.
    expect(reverse(earned, [refundOf(o, [{ line: a, quantity: 1 }], { lines: [{ lineItemId: a.lineItemId, quantity: 1, subtotalMinor: 1500n, taxMinor: 0n }] })])).toBe(20);
    expect(reverse(earned, [refundOf(o, [{ line: a, quantity: 3 }])])).toBe(60);
  });

  it("takes nothing back for gift cards or lines that never earned", () => {
    expect(reverse(earned, [refundOf(o, [{ line: gift, quantity: 1 }])])).toBe(0);
  });

  it("counts shipping refunds only when shipping earned, in proportion, with its tax when taxes earned", () => {
    expect(reverse(earned, [shipping(o, 1000n)])).toBe(0);
    const s = parseProgramSettings({ earn: { basis: { includeShipping: true, includeTaxes: true } } });
    const withShipping = computeOrderPoints(o, s); // 90.00 + 10.00 + 1.00 tax
    expect(withShipping.points).toBe(101);
    expect(reverse(withShipping, [shipping(o, 500n)])).toBe(5); // 101 × 5.50/101.00 = 5.5 → 5
    expect(reverse(withShipping, [shipping(o, 500n), shipping(o, 500n)])).toBe(11);
  });

  it("takes a custom amount at the order's average rate, never beyond what is left", () => {
    expect(reverse(earned, [custom(o, 4500n)])).toBe(45);
    // 60.00 of lines back already: a 50.00 custom refund can take only the remaining 30.00.
    expect(reverse(earned, [refundOf(o, [{ line: a, quantity: 3 }]), custom(o, 5000n)])).toBe(90);
    // Refund transactions of a refund with lines are not a custom amount.
    expect(reverse(earned, [refundOf(o, [{ line: b, quantity: 1 }], { transactionsMinor: 9000n })])).toBe(30);
  });

  it("uses the earn-time rate: a multiplier at earn time is what comes back", () => {
    const doubled = computeOrderPoints(o, parseProgramSettings({ earn: { pointsPerUnit: { points: 2, perAmount: "1.00" }, multipliers: { productIds: { [b.productId!]: "3" } } } }));
    expect(doubled.points).toBe(2 * 60 + 2 * 30 * 3); // 300
    expect(reverse(doubled, [refundOf(o, [{ line: b, quantity: 1 }])])).toBe(180);
  });

  it("takes back everything on cancellation, never more than earned, never less than already reversed", () => {
    expect(reverse(earned, [], { cancelled: true })).toBe(90);
    expect(reverse(earned, [refundOf(o, [{ line: a, quantity: 1 }])], { alreadyReversed: 35 })).toBe(35);
    expect(reverse(earned, [custom(o, 10n ** 12n)])).toBe(90);
    expect(reverse({ ...earned, points: 0 }, [], { cancelled: true })).toBe(0);
  });

  it("counts a redelivered refund once", () => {
    const r = refundOf(o, [{ line: a, quantity: 2 }]);
    expect(reverse(earned, [r, r, { ...r }])).toBe(40);
  });
});

// ---- properties ---------------------------------------------------------------------------------

type LineSpec = { unit: number; qty: number; discountPct: number; tax: number; giftCard: boolean; excluded: boolean; multiplier: string | null };

const lineSpec = fc.record({
  unit: fc.integer({ min: 0, max: 40_000 }),
  qty: fc.integer({ min: 1, max: 5 }),
  discountPct: fc.integer({ min: 0, max: 100 }),
  tax: fc.integer({ min: 0, max: 2_000 }),
  giftCard: fc.boolean(),
  excluded: fc.boolean(),
  multiplier: fc.constantFrom(null, "0.5", "1.5", "2", "3.3333"),
});

const programSpec = fc.record({
  points: fc.integer({ min: 1, max: 10 }),
  perAmount: fc.constantFrom("1.00", "0.10", "3.00", "10.00"),
  includeShipping: fc.boolean(),
  includeTaxes: fc.boolean(),
  rounding: fc.constantFrom("down", "nearest", "up"),
  pos: fc.constantFrom(null, "0.5", "2"),
  sourceName: fc.constantFrom("web", "pos"),
  tier: fc.constantFrom(undefined, "1.25"),
});

/** A refund event: some units of some lines, some shipping, or a custom amount. */
const refundSpec = fc.record({
  picks: fc.array(fc.record({ line: fc.nat(), units: fc.integer({ min: 1, max: 5 }) }), { maxLength: 3 }),
  shippingPct: fc.integer({ min: 0, max: 100 }),
  customMinor: fc.integer({ min: 0, max: 30_000 }),
  kind: fc.constantFrom("lines", "shipping", "custom", "lines+shipping"),
});

type Built = { o: NormalizedOrder; lines: NormalizedLine[]; earned: EarnResult; refunds: NormalizedRefund[]; allBack: boolean };

function build(specs: LineSpec[], program: ProgramSpec, shippingMinor: number, events: RefundSpec[]): Built {
  const lines = specs.map((s) => {
    const gross = BigInt(s.unit * s.qty);
    return line(gross, { quantity: s.qty, discountMinor: (gross * BigInt(s.discountPct)) / 100n, taxMinor: BigInt(s.tax), giftCard: s.giftCard });
  });
  const o = order("1", lines, { shippingMinor: BigInt(shippingMinor), shippingTaxMinor: BigInt(shippingMinor) / 10n, sourceName: program.sourceName });
  const settings = parseProgramSettings({
    earn: {
      pointsPerUnit: { points: program.points, perAmount: program.perAmount },
      basis: { includeShipping: program.includeShipping, includeTaxes: program.includeTaxes },
      rounding: program.rounding,
      exclusions: { productIds: lines.filter((_, i) => specs[i]!.excluded).map((l) => l.productId!) },
      multipliers: { productIds: Object.fromEntries(lines.flatMap((l, i) => (specs[i]!.multiplier ? [[l.productId!, specs[i]!.multiplier!]] : []))) },
      channelRates: { pos: program.pos },
    },
  });
  const earned = computeOrderPoints(o, settings, program.tier ? { tierMultiplier: program.tier } : {});

  // Refunds as Shopify would allow them: never more units than bought, never more shipping than charged.
  const unitsLeft = lines.map((l) => l.quantity);
  let shippingLeft = BigInt(shippingMinor);
  const refunds: NormalizedRefund[] = [];
  for (const e of events) {
    if (e.kind === "custom") {
      if (e.customMinor > 0) refunds.push(refundOf(o, [], { transactionsMinor: BigInt(e.customMinor) }));
      continue;
    }
    const items = e.kind === "shipping" ? [] : e.picks.flatMap((p) => {
      const idx = p.line % lines.length;
      const units = Math.min(unitsLeft[idx]!, p.units);
      if (units === 0) return [];
      unitsLeft[idx]! -= units;
      return [{ line: lines[idx]!, quantity: units }];
    });
    const ship = e.kind === "lines" ? 0n : (BigInt(shippingMinor) * BigInt(e.shippingPct)) / 100n;
    const shipped = ship < shippingLeft ? ship : shippingLeft;
    shippingLeft -= shipped;
    if (items.length === 0 && shipped === 0n) continue;
    refunds.push(refundOf(o, items, { shippingMinor: shipped }));
  }
  const allBack = unitsLeft.every((u) => u === 0) && (shippingLeft === 0n || !program.includeShipping);
  return { o, lines, earned, refunds, allBack };
}

type ProgramSpec = { points: number; perAmount: string; includeShipping: boolean; includeTaxes: boolean; rounding: string; pos: string | null; sourceName: string; tier: string | undefined };
type RefundSpec = { picks: Array<{ line: number; units: number }>; shippingPct: number; customMinor: number; kind: string };

const scenario = fc.record({
  specs: fc.array(lineSpec, { minLength: 1, maxLength: 5 }),
  program: programSpec,
  shippingMinor: fc.integer({ min: 0, max: 3_000 }),
  events: fc.array(refundSpec, { maxLength: 7 }),
  order: fc.array(fc.nat(), { minLength: 7, maxLength: 7 }),
});

/** A permutation of `items` driven by random keys. */
const permute = <T,>(items: T[], keys: number[]) => items.map((item, i) => ({ item, key: keys[i % keys.length]! * 31 + i })).sort((x, y) => x.key - y.key).map((x) => x.item);

describe("reversal properties", () => {
  it("any arrival order and any duplicates give the same cumulative total, within what was earned", () => {
    fc.assert(
      fc.property(scenario, ({ specs, program, shippingMinor, events, order: keys }) => {
        const { earned, refunds } = build(specs, program, shippingMinor, events);
        const total = reverse(earned, refunds);
        expect(reverse(earned, permute(refunds, keys))).toBe(total);
        expect(reverse(earned, [...refunds].reverse())).toBe(total);
        expect(reverse(earned, [...refunds, ...permute(refunds, keys)])).toBe(total);
        expect(total).toBeGreaterThanOrEqual(0);
        expect(total).toBeLessThanOrEqual(earned.points);
      }),
      { numRuns: 400 },
    );
  });

  it("applied one refund at a time, the deltas are never negative and end at the same total", () => {
    fc.assert(
      fc.property(scenario, fc.boolean(), ({ specs, program, shippingMinor, events, order: keys }, cancelLast) => {
        const { earned, refunds } = build(specs, program, shippingMinor, events);
        const arrival = permute(refunds, keys);
        let already = 0;
        let deltas = 0;
        for (let k = 1; k <= arrival.length; k++) {
          const target = reverse(earned, arrival.slice(0, k), { alreadyReversed: already });
          expect(target - already).toBeGreaterThanOrEqual(0);
          deltas += target - already;
          already = target;
        }
        expect(deltas).toBe(reverse(earned, refunds));
        if (cancelLast) expect(reverse(earned, arrival, { alreadyReversed: already, cancelled: true })).toBe(earned.points);
      }),
      { numRuns: 300 },
    );
  });

  it("a full refund or a cancellation takes back exactly what was earned", () => {
    fc.assert(
      fc.property(scenario, ({ specs, program, shippingMinor, events, order: keys }) => {
        // Finish the scenario with a refund of everything still outstanding.
        const base = build(specs, program, shippingMinor, events);
        const remainingUnits = base.lines.map((l) => l.quantity - base.refunds.flatMap((r) => r.lines).filter((x) => x.lineItemId === l.lineItemId).reduce((s, x) => s + x.quantity, 0));
        const remainingShipping = BigInt(shippingMinor) - base.refunds.reduce((s, r) => s + r.shippingMinor, 0n);
        const last = refundOf(
          base.o,
          base.lines.flatMap((l, i) => (remainingUnits[i]! > 0 ? [{ line: l, quantity: remainingUnits[i]! }] : [])),
          { shippingMinor: remainingShipping },
        );
        const all = permute([...base.refunds, last], keys);
        expect(reverse(base.earned, all)).toBe(base.earned.points);
        expect(reverse(base.earned, base.refunds, { cancelled: true })).toBe(base.earned.points);
        if (base.allBack) expect(reverse(base.earned, base.refunds)).toBe(base.earned.points);
      }),
      { numRuns: 300 },
    );
  });

  it("a partial refund never takes more than its exact share", () => {
    fc.assert(
      fc.property(scenario, ({ specs, program, shippingMinor, events }) => {
        const { earned, refunds } = build(specs, program, shippingMinor, events);
        const weighted = BigInt(earned.snapshot.weightedScaled);
        if (weighted === 0n || refunds.some((r) => r.lines.length === 0 && r.shippingMinor === 0n)) return; // custom amounts: covered above
        // Exact share of the refunded units (and shipping), as a rational, from the snapshot.
        let share = 0n;
        for (const l of earned.snapshot.lines) {
          const units = refunds.flatMap((r) => r.lines).filter((x) => x.lineItemId === l.lineItemId).reduce((s, x) => s + x.quantity, 0);
          share += (BigInt(l.earnableMinor) * BigInt(l.multScaled) * BigInt(units)) / BigInt(l.quantity);
        }
        if (earned.snapshot.includeShipping && BigInt(earned.snapshot.shippingEarnableMinor) > 0n) {
          const shipped = refunds.reduce((s, r) => s + r.shippingMinor, 0n);
          share += (BigInt(earned.snapshot.shippingEarnableMinor) * 10_000n * shipped) / BigInt(shippingMinor);
        }
        // total ≤ earned × share / weighted
        const total = BigInt(reverse(earned, refunds));
        expect(total * weighted).toBeLessThanOrEqual(BigInt(earned.points) * share);
      }),
      { numRuns: 300 },
    );
  });
});
