// How many points an order earns, and how many its refunds and cancellation take back.
//
// Earning: each line earns on its subtotal after discounts (plus its tax when the program
// includes taxes), except gift cards and excluded products, collections or tags; the highest
// product or collection multiplier of a line applies; shipping counts when the program includes
// it. The POS channel rate and a tier multiplier scale the whole order. Everything is computed on
// one exact rational (bigint minor units, multipliers in fixed point) and rounded once, at the end.
//
// Reversal is cumulative and uses the earn-time snapshot, never today's rules: see computeReversal.
import { parseMoney } from "./money";
import type { NormalizedLine, NormalizedOrder, NormalizedRefund } from "./order";
import type { ProgramSettings, Rounding } from "./program-settings";

/** Multipliers are fixed-point with four decimals: "1.5" → 15000n. */
const SCALE = 10_000n;

export function scaledMultiplier(value: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,4}))?$/.exec(value.trim());
  if (!match) throw new Error(`not a multiplier: ${value}`);
  return BigInt(match[1]!) * SCALE + BigInt((match[2] ?? "").padEnd(4, "0"));
}

/** 15000n → "1.5", 20000n → "2". */
export function formatMultiplier(scaled: bigint): string {
  const whole = scaled / SCALE;
  const fraction = (scaled % SCALE).toString().padStart(4, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

/**
 * What an order earned on, recorded with its earn entry (JSON: bigints as strings) so that
 * reversals use the rate, basis and multipliers of earn time. Fields marked optional were added
 * after version 1 snapshots were first stored; readers fall back when they are missing.
 */
export type EarnSnapshot = {
  version: 1;
  currency: string;
  /** The rate: `points` per `perMinor` minor units of shop currency. */
  points: number;
  perMinor: string;
  perAmount?: string;
  rounding: Rounding;
  includeShipping: boolean;
  includeTaxes: boolean;
  /** Fixed-point (×10 000) channel and tier multipliers; "10000" is ×1. */
  channelScaled: string;
  tierScaled: string;
  lines: Array<{ lineItemId: string; quantity: number; earnableMinor: string; multScaled: string; multiplier?: string }>;
  /** Shipping the order earned on (with its tax when taxes count), and the shipping price it came from. */
  shippingEarnableMinor: string;
  shippingMinor?: string;
  earnableMinor: string;
  /** Σ line earnable × line multiplier (+ shipping), fixed-point ×10 000. */
  weightedScaled: string;
  /** Why the order earned nothing although it had an earnable amount. */
  zeroReason?: "no_customer" | "below_minimum";
};

export type EarnResult = {
  points: number;
  earnableMinor: bigint;
  /** Earnable amount × line multipliers × channel rate × tier multiplier, rounded down. */
  weightedMinor: bigint;
  snapshot: EarnSnapshot;
};

export type EarnableLine = { lineItemId: string; quantity: number; earnableMinor: bigint; multiplier: string };
export type Earnable = { earnableMinor: bigint; shippingEarnableMinor: bigint; lines: EarnableLine[] };

function divide(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (denominator <= 0n) throw new Error("denominator must be positive");
  if (numerator <= 0n) return 0n;
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  if (remainder === 0n || rounding === "down") return quotient;
  if (rounding === "up") return quotient + 1n;
  return remainder * 2n >= denominator ? quotient + 1n : quotient;
}

function lineMultiplier(line: NormalizedLine, settings: ProgramSettings): bigint {
  const { productIds, collectionIds } = settings.earn.multipliers;
  const candidates: string[] = [];
  if (line.productId !== null && Object.hasOwn(productIds, line.productId)) candidates.push(productIds[line.productId]!);
  for (const c of line.collectionIds) if (Object.hasOwn(collectionIds, c)) candidates.push(collectionIds[c]!);
  return candidates.map(scaledMultiplier).reduce((a, b) => (b > a ? b : a), candidates.length ? 0n : SCALE);
}

function isExcluded(line: NormalizedLine, settings: ProgramSettings): boolean {
  const ex = settings.earn.exclusions;
  return (
    line.giftCard ||
    (line.productId !== null && ex.productIds.includes(line.productId)) ||
    line.collectionIds.some((c) => ex.collectionIds.includes(c)) ||
    line.productTags.some((t) => ex.productTags.includes(t))
  );
}

/** The amount each line earns on (shop-currency minor units) and the multiplier that applies to it. */
export function computeEarnable(order: NormalizedOrder, settings: ProgramSettings): Earnable {
  const { includeShipping, includeTaxes } = settings.earn.basis;
  const lines = order.lines.map((line) => {
    const net = line.grossMinor - line.discountMinor + (includeTaxes ? line.taxMinor : 0n);
    const earnableMinor = isExcluded(line, settings) || net < 0n ? 0n : net;
    return { lineItemId: line.lineItemId, quantity: line.quantity, earnableMinor, multiplier: formatMultiplier(lineMultiplier(line, settings)) };
  });
  const shipping = includeShipping ? order.shippingMinor + (includeTaxes ? order.shippingTaxMinor : 0n) : 0n;
  const shippingEarnableMinor = shipping > 0n ? shipping : 0n;
  const earnableMinor = lines.reduce((s, l) => s + l.earnableMinor, 0n) + shippingEarnableMinor;
  return { earnableMinor, shippingEarnableMinor, lines };
}

/**
 * Points for an order. Guests (no customerId) and orders whose subtotal after discounts (gift
 * cards aside, before tax) is below the minimum earn 0, with the snapshot saying why; whether a
 * test order or a disabled program earns is the caller's decision.
 */
export function computeOrderPoints(order: NormalizedOrder, settings: ProgramSettings, opts: { tierMultiplier?: string } = {}): EarnResult {
  const { lines, shippingEarnableMinor, earnableMinor } = computeEarnable(order, settings);
  const rate = settings.earn.pointsPerUnit;
  const perMinor = parseMoney(rate.perAmount, order.shopCurrency).minor;
  if (perMinor <= 0n) throw new Error(`earn rate amount must be more than zero: ${rate.perAmount}`);
  const pos = settings.earn.channelRates.pos;
  const channelScaled = order.sourceName === "pos" && pos !== null ? scaledMultiplier(pos) : SCALE;
  const tierScaled = opts.tierMultiplier ? scaledMultiplier(opts.tierMultiplier) : SCALE;
  const weightedScaled = lines.reduce((s, l) => s + l.earnableMinor * scaledMultiplier(l.multiplier), 0n) + shippingEarnableMinor * SCALE;

  const subtotalAfterDiscounts = order.lines.filter((l) => !l.giftCard).reduce((s, l) => s + l.grossMinor - l.discountMinor, 0n);
  const minimum = settings.earn.minimumOrder;
  const zeroReason =
    order.customerId === null ? "no_customer" : minimum !== null && subtotalAfterDiscounts < parseMoney(minimum, order.shopCurrency).minor ? "below_minimum" : undefined;

  // points = weighted × channel × tier × rate.points / perMinor, all multipliers in fixed point.
  const weightedAll = weightedScaled * channelScaled * tierScaled;
  const points = zeroReason ? 0 : Number(divide(weightedAll * BigInt(rate.points), SCALE ** 3n * perMinor, settings.earn.rounding));

  const snapshot: EarnSnapshot = {
    version: 1,
    currency: order.shopCurrency,
    points: rate.points,
    perMinor: perMinor.toString(),
    perAmount: rate.perAmount,
    rounding: settings.earn.rounding,
    includeShipping: settings.earn.basis.includeShipping,
    includeTaxes: settings.earn.basis.includeTaxes,
    channelScaled: channelScaled.toString(),
    tierScaled: tierScaled.toString(),
    lines: lines.map((l) => ({
      lineItemId: l.lineItemId,
      quantity: l.quantity,
      earnableMinor: l.earnableMinor.toString(),
      multScaled: scaledMultiplier(l.multiplier).toString(),
      multiplier: l.multiplier,
    })),
    shippingEarnableMinor: shippingEarnableMinor.toString(),
    shippingMinor: order.shippingMinor.toString(),
    earnableMinor: earnableMinor.toString(),
    weightedScaled: weightedScaled.toString(),
    ...(zeroReason && earnableMinor > 0n ? { zeroReason } : {}),
  };
  return { points, earnableMinor, weightedMinor: weightedAll / SCALE ** 3n, snapshot };
}

export type ReversalInput = {
  snapshot: EarnSnapshot;
  earnedPoints: number;
  alreadyReversed: number;
  /** Every refund known for the order, including the one being applied; duplicates are fine. */
  refunds: NormalizedRefund[];
  cancelled: boolean;
};

/**
 * The share of the order's earn that its refunds take back, as an exact fraction ≤ 1.
 *
 * The rule, per kind of refund, summed over all refunds (each refund id counted once):
 * - Refunded lines take back the line's earn-time earnable amount in proportion to the units
 *   refunded (all units: the whole line), at the line's multiplier. Refund amounts do not matter:
 *   a returned item gives back what it earned, even if the merchant kept a restocking fee. A line
 *   that earned nothing (gift card, excluded) takes nothing back. A line the snapshot has no
 *   quantity for is taken by its refunded subtotal (plus tax when taxes earned), capped.
 * - Refunded shipping takes back the earn-time shipping share in proportion to the shipping price
 *   refunded, when shipping earned.
 * - A refund with no lines and no shipping (a custom amount) takes back its successful refund
 *   transactions as a share of the order's earnable amount, at the order's average multiplier;
 *   together with everything else never more than the whole earnable amount (so, in effect,
 *   min(custom amount, remaining earnable)).
 * Sums do not depend on arrival order, and each part only grows as refunds arrive.
 */
function refundedFraction(snapshot: EarnSnapshot, refunds: NormalizedRefund[]): { numerator: bigint; denominator: bigint } {
  const unique = [...new Map(refunds.map((r) => [r.refundId, r])).values()];
  const refundedUnits = new Map<string, number>();
  const refundedAmount = new Map<string, bigint>();
  let refundedShipping = 0n;
  let customMinor = 0n;
  for (const refund of unique) {
    for (const r of refund.lines) {
      refundedUnits.set(r.lineItemId, (refundedUnits.get(r.lineItemId) ?? 0) + r.quantity);
      const amount = r.subtotalMinor + (snapshot.includeTaxes ? r.taxMinor : 0n);
      refundedAmount.set(r.lineItemId, (refundedAmount.get(r.lineItemId) ?? 0n) + amount);
    }
    refundedShipping += refund.shippingMinor;
    if (refund.lines.length === 0 && refund.shippingMinor === 0n && refund.transactionsMinor > 0n) customMinor += refund.transactionsMinor;
  }

  let weighted = 0n;
  for (const line of snapshot.lines) {
    const earnable = BigInt(line.earnableMinor);
    if (earnable <= 0n) continue;
    const units = refundedUnits.get(line.lineItemId) ?? 0;
    let taken: bigint;
    if (line.quantity > 0) {
      taken = units >= line.quantity ? earnable : (earnable * BigInt(Math.max(units, 0))) / BigInt(line.quantity);
    } else {
      const amount = refundedAmount.get(line.lineItemId) ?? 0n;
      taken = amount >= earnable ? earnable : amount > 0n ? amount : 0n;
    }
    weighted += taken * BigInt(line.multScaled);
  }

  const shippingEarnable = BigInt(snapshot.shippingEarnableMinor);
  if (snapshot.includeShipping && shippingEarnable > 0n && refundedShipping > 0n) {
    const shippingBase = snapshot.shippingMinor !== undefined ? BigInt(snapshot.shippingMinor) : shippingEarnable;
    const taken = refundedShipping >= shippingBase ? shippingEarnable : (shippingEarnable * refundedShipping) / shippingBase;
    weighted += taken * SCALE;
  }

  // weighted / totalWeighted + custom / totalEarnable, on a common denominator, capped at 1.
  const totalWeighted = BigInt(snapshot.weightedScaled);
  const totalEarnable = BigInt(snapshot.earnableMinor);
  const denominator = totalWeighted * totalEarnable;
  const numerator = weighted * totalEarnable + customMinor * totalWeighted;
  return { numerator: numerator > denominator ? denominator : numerator, denominator };
}

/**
 * The total points an order's refunds and cancellation should have taken back so far
 * (cumulative). The caller writes `totalToReverse − alreadyReversed`. Partial refunds round down,
 * so a share never takes more than it should and any sequence stays within what was earned; a
 * full refund or a cancellation takes back exactly `earnedPoints`. Never less than
 * `alreadyReversed` (the ledger is append-only) and never more than `earnedPoints`.
 */
export function computeReversal(input: ReversalInput): { totalToReverse: number } {
  const { snapshot, earnedPoints } = input;
  if (earnedPoints <= 0) return { totalToReverse: 0 };
  const already = Math.min(Math.max(input.alreadyReversed, 0), earnedPoints);
  if (input.cancelled) return { totalToReverse: earnedPoints };
  const { numerator, denominator } = refundedFraction(snapshot, input.refunds);
  if (denominator <= 0n) return { totalToReverse: already };
  const target = Number((BigInt(earnedPoints) * numerator) / denominator);
  return { totalToReverse: Math.min(earnedPoints, Math.max(target, already)) };
}
