// The earn path's side of pending points: when an order's points become spendable, and the
// member's pending points by release day for the storefront.
import type { DbTx } from "../../db/client";
import type { NormalizedOrder } from "../../loyalty/order";
import { pendingAvailableAt, pendingByDay } from "../../loyalty/pending-points";
import type { ProgramSettings } from "../../loyalty/program-settings";

/** Null: spendable at once. The return window counts from when the order was placed. */
export async function pendingUntil(tx: DbTx, shopId: string, settings: ProgramSettings, order: Pick<NormalizedOrder, "processedAt">, now: Date): Promise<Date | null> {
  if (settings.earn.pendingDays <= 0) return null;
  const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timezone: true } });
  const orderedAt = order.processedAt && !Number.isNaN(Date.parse(order.processedAt)) ? new Date(order.processedAt) : now;
  return pendingAvailableAt(orderedAt > now ? now : orderedAt, settings.earn.pendingDays, now, shop.timezone);
}

/** A member's points still pending, by release day (soonest first). */
export async function pendingReleasesOf(tx: DbTx, shopId: string, customerId: string, timezone = "UTC"): Promise<Array<{ points: number; availableAt: Date }>> {
  const rows = await tx.orderEarning.findMany({
    where: { shopId, customerId, releasedAt: null, availableAt: { not: null } },
    select: { points: true, reversedPoints: true, availableAt: true },
  });
  return pendingByDay(
    rows.map((r) => ({ points: r.points - r.reversedPoints, availableAt: r.availableAt! })),
    timezone,
  );
}
