// How many points an order earns, and how many its refunds and cancellation take back.
//
// Earning: each line earns on its subtotal after discounts (taxes optional), except gift cards
// and excluded products, collections or tags; the highest product or collection multiplier of a
// line applies; shipping counts when the program includes it. The POS channel rate and a tier
// multiplier scale the whole order. The exact rational result is rounded once, at the end.
//
// Reversal is cumulative and uses the earn-time snapshot (never today's rules): the refunded
// share of the weighted earnable amount, over all refunds known so far, times the points earned,
// rounded down, so partial refunds never take more than their share and a full refund or
// cancellation takes back exactly what was earned.
import { parseMoney } from "./money";
import type { NormalizedOrder, NormalizedRefund } from "./order";
import type { ProgramSettings } from "./program-settings";

/** Multipliers are fixed-point with four decimals: "1.5" → 15000n. */
const SCALE = 10_000n;

export function scaledMultiplier(value: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,4}))?$/.exec(value.trim());
  if (!match) throw new Error(`not a multiplier: ${value}`);
  return BigInt(match[1]!) * SCALE + BigInt((match[2] ?? "").padEnd(4, "0"));
}

export type EarnSnapshot = {
  version: 1;
  currency: string;
  points: number;
  perMinor: string;
  rounding: ProgramSettings["earn"]["rounding"];
  includeShipping: boolean;
  includeTaxes: boolean;
  channelScaled: string;
  tierScaled: string;
  lines: Array<{ lineItemId: string; quantity: number; earnableMinor: string; multScaled: string }>;
  shippingEarnableMinor: string;
  earnableMinor: string;
  weightedScaled: string;
};

export type EarnResult = { points: number; earnableMinor: bigint; weightedMinor: bigint; snapshot: EarnSnapshot };

function divide(numerator: bigint, denominator: bigint, rounding: "down" | "nearest" | "up"): bigint {
  if (denominator <= 0n) throw new Error("denominator must be positive");
  if (numerator <= 0n) return 0n;
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  if (remainder === 0n || rounding === "down") return quotient;
  if (rounding === "up") return quotient + 1n;
  return remainder * 2n >= denominator ? quotient + 1n : quotient;
}

function lineMultiplier(line: NormalizedOrder["lines"][number], settings: ProgramSettings): bigint {
  const { productIds, collectionIds } = settings.earn.multipliers;
  const candidates = [
    ...(line.productId && productIds[line.productId] ? [productIds[line.productId]!] : []),
    ...line.collectionIds.filter((c) => collectionIds[c]).map((c) => collectionIds[c]!),
  ].map(scaledMultiplier);
  return candidates.length ? candidates.reduce((a, b) => (b > a ? b : a)) : SCALE;
}

function isExcluded(line: NormalizedOrder["lines"][number], settings: ProgramSettings): boolean {
  const ex = settings.earn.exclusions;
  return (
    line.giftCard ||
    (line.productId !== null && ex.productIds.includes(line.productId)) ||
    line.collectionIds.some((c) => ex.collectionIds.includes(c)) ||
    line.productTags.some((t) => ex.productTags.includes(t))
  );
}

export function computeEarnable(order: NormalizedOrder, settings: ProgramSettings) {
  const { includeShipping, includeTaxes } = settings.earn.basis;
  const lines = order.lines.map((line) => {
    const net = line.grossMinor - line.discountMinor + (includeTaxes ? line.taxMinor : 0n);
    const earnableMinor = isExcluded(line, settings) || net < 0n ? 0n : net;
    return { lineItemId: line.lineItemId, quantity: line.quantity, earnableMinor, multScaled: lineMultiplier(line, settings) };
  });
  const shippingEarnableMinor = includeShipping ? order.shippingMinor + (includeTaxes ? order.shippingTaxMinor : 0n) : 0n;
  const earnableMinor = lines.reduce((s, l) => s + l.earnableMinor, 0n) + shippingEarnableMinor;
  return { lines, shippingEarnableMinor, earnableMinor };
}

export function computeOrderPoints(order: NormalizedOrder, settings: ProgramSettings, opts: { tierMultiplier?: string } = {}): EarnResult {
  const { lines, shippingEarnableMinor, earnableMinor } = computeEarnable(order, settings);
  const rate = settings.earn.pointsPerUnit;
  const perMinor = parseMoney(rate.perAmount, order.shopCurrency).minor;
  const channelScaled = order.sourceName === "pos" && settings.earn.channelRates.pos ? scaledMultiplier(settings.earn.channelRates.pos) : SCALE;
  const tierScaled = opts.tierMultiplier ? scaledMultiplier(opts.tierMultiplier) : SCALE;
  const weightedScaled = lines.reduce((s, l) => s + l.earnableMinor * l.multScaled, 0n) + shippingEarnableMinor * SCALE;

  const subtotalAfterDiscounts = order.lines.filter((l) => !l.giftCard).reduce((s, l) => s + l.grossMinor - l.discountMinor, 0n);
  const belowMinimum =
    settings.earn.minimumOrder !== null && subtotalAfterDiscounts < parseMoney(settings.earn.minimumOrder, order.shopCurrency).minor;

  const numerator = weightedScaled * channelScaled * tierScaled * BigInt(rate.points);
  const denominator = SCALE * SCALE * SCALE * perMinor;
  const points = belowMinimum ? 0 : Number(divide(numerator, denominator, settings.earn.rounding));

  const snapshot: EarnSnapshot = {
    version: 1,
    currency: order.shopCurrency,
    points: rate.points,
    perMinor: perMinor.toString(),
    rounding: settings.earn.rounding,
    includeShipping: settings.earn.basis.includeShipping,
    includeTaxes: settings.earn.basis.includeTaxes,
    channelScaled: channelScaled.toString(),
    tierScaled: tierScaled.toString(),
    lines: lines.map((l) => ({ ...l, earnableMinor: l.earnableMinor.toString(), multScaled: l.multScaled.toString() })),
    shippingEarnableMinor: shippingEarnableMinor.toString(),
    earnableMinor: earnableMinor.toString(),
    weightedScaled: weightedScaled.toString(),
  };
  return { points, earnableMinor, weightedMinor: weightedScaled / SCALE, snapshot };
}

export type ReversalInput = {
  snapshot: EarnSnapshot;
  earnedPoints: number;
  alreadyReversed: number;
  refunds: NormalizedRefund[];
  cancelled: boolean;
};

/**
 * The weighted earnable amount the refunds take back, cumulatively. A refunded line takes back
 * its refunded subtotal (plus tax when taxes earned), never more than the line earned, and all of
 * it once every unit is refunded; refunded
 * shipping counts when shipping earned; a refund with no lines (a custom amount) takes back its
 * money at the order's average multiplier, never more than what is left.
 */
function refundedWeighted(snapshot: EarnSnapshot, refunds: NormalizedRefund[]): bigint {
  const lines = new Map(
    snapshot.lines.map((l) => [l.lineItemId, { left: BigInt(l.earnableMinor), mult: BigInt(l.multScaled), unitsLeft: l.quantity }]),
  );
  let shippingLeft = BigInt(snapshot.shippingEarnableMinor);
  const totalWeighted = BigInt(snapshot.weightedScaled);
  const totalEarnable = BigInt(snapshot.earnableMinor);
  let weighted = 0n;
  let customMinor = 0n;
  // Each refund counts once (a redelivered refund has the same id), in a fixed order (by id), so
  // the result never depends on duplicates or arrival order.
  const unique = [...new Map(refunds.map((r) => [r.refundId, r])).values()];
  const ordered = unique.sort((a, b) => (a.refundId < b.refundId ? -1 : a.refundId > b.refundId ? 1 : 0));
  for (const refund of ordered) {
    for (const r of refund.lines) {
      const line = lines.get(r.lineItemId);
      if (!line || line.left <= 0n) continue;
      line.unitsLeft -= r.quantity;
      const amount = r.subtotalMinor + (snapshot.includeTaxes ? r.taxMinor : 0n);
      // Every unit refunded: the whole line comes back, whatever cents per-unit rounding lost.
      const taken = line.unitsLeft <= 0 || amount >= line.left ? line.left : amount > 0n ? amount : 0n;
      line.left -= taken;
      weighted += taken * line.mult;
    }
    if (snapshot.includeShipping && refund.shippingMinor > 0n && shippingLeft > 0n) {
      const taken = refund.shippingMinor < shippingLeft ? refund.shippingMinor : shippingLeft;
      shippingLeft -= taken;
      weighted += taken * SCALE;
    }
    if (refund.lines.length === 0 && refund.shippingMinor === 0n && refund.transactionsMinor > 0n) customMinor += refund.transactionsMinor;
  }
  if (customMinor > 0n && totalEarnable > 0n) weighted += (customMinor * totalWeighted) / totalEarnable;
  return weighted > totalWeighted ? totalWeighted : weighted;
}

export function computeReversal(input: ReversalInput): { totalToReverse: number } {
  const { snapshot, earnedPoints } = input;
  if (earnedPoints <= 0) return { totalToReverse: 0 };
  if (input.cancelled) return { totalToReverse: earnedPoints };
  const totalWeighted = BigInt(snapshot.weightedScaled);
  if (totalWeighted <= 0n) return { totalToReverse: 0 };
  const weighted = refundedWeighted(snapshot, input.refunds);
  const target = Number((BigInt(earnedPoints) * weighted) / totalWeighted);
  // Never less than what was already taken back: the ledger is append-only.
  return { totalToReverse: Math.min(earnedPoints, Math.max(target, input.alreadyReversed)) };
}
