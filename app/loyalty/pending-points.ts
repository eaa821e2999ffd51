// Pending points (program setting `earn.pendingDays`): an order's points are earned as pending
// (ledger `pendingDelta`, no spendable lot) and released at the start of the shop-local day
// `pendingDays` after the order, so a refund inside the return window cancels them before they
// can be spent. The release is one `pending_release` entry per order.
import { addDays, shopDayOf, startOfShopDay } from "./shop-day";

/**
 * When points earned for an order placed at `orderedAt` become spendable, or null when they are
 * spendable at once (no return window, or the window already passed, e.g. a late reconciliation).
 */
export function pendingAvailableAt(orderedAt: Date, pendingDays: number, now: Date, timezone = "UTC"): Date | null {
  if (pendingDays <= 0) return null;
  const at = startOfShopDay(addDays(shopDayOf(orderedAt, timezone), pendingDays), timezone);
  return at > now ? at : null;
}

/** The ledger effect of an order's earn: spendable points, or pending ones. */
export function earnEffect(points: number, availableAt: Date | null): { points: number; pendingDelta: number } {
  return availableAt ? { points: 0, pendingDelta: points } : { points, pendingDelta: 0 };
}

/**
 * The ledger effect of reversing `delta` points of an order. While the order's points are still
 * pending the reversal cancels pending points (the balance and lifetime earned never had them).
 */
export function reversalEffect(delta: number, stillPending: boolean): { points: number; pendingDelta: number; lifetimeDelta: number } {
  return stillPending ? { points: 0, pendingDelta: -delta, lifetimeDelta: 0 } : { points: -delta, pendingDelta: 0, lifetimeDelta: -delta };
}

/** What a release makes spendable: what the order earned less what was reversed before it. */
export const releasablePoints = (earned: number, reversed: number) => Math.max(0, earned - reversed);

/** Pending points grouped by release day, soonest first (the storefront shows these). */
export function pendingByDay(rows: ReadonlyArray<{ points: number; availableAt: Date }>, timezone = "UTC"): Array<{ points: number; availableAt: Date }> {
  const byDay = new Map<string, { points: number; availableAt: Date }>();
  for (const r of [...rows].sort((a, b) => a.availableAt.getTime() - b.availableAt.getTime())) {
    if (r.points <= 0) continue;
    const day = shopDayOf(r.availableAt, timezone);
    const seen = byDay.get(day);
    if (seen) seen.points += r.points;
    else byDay.set(day, { points: r.points, availableAt: r.availableAt });
  }
  return [...byDay.values()];
}
