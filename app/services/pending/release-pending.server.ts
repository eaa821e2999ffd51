// Releasing pending points (program setting earn.pendingDays): on its day, each order's points
// still pending (what it earned less what refunds and a cancellation cancelled) become spendable
// in one `pending_release` entry, keyed by the earn entry. The order row is locked first (as the
// earn and reversal paths do), so a refund arriving at the same moment is either before the
// release (it cancels pending points) or after it (it takes back spendable points).
import type { Db } from "../../db/client";
import { businessKeys } from "../../loyalty/ledger";
import { releasablePoints } from "../../loyalty/pending-points";
import { lotExpiry } from "../earning/expiry";
import { lockOrder } from "../earning/order-lock.server";
import { releasePendingOrderPoints } from "../ledger/operations.server";
import { loadProgramSettings } from "../program/settings.server";
import { evaluateAfterOrderChange } from "../tiers/evaluate.server";

export type ReleaseResult = { orders: number; points: number };

export async function releasePendingPoints(db: Db, shopId: string, now: Date, opts: { pageSize?: number } = {}): Promise<ReleaseResult> {
  const pageSize = opts.pageSize ?? 200;
  const settings = await loadProgramSettings(db, shopId);
  const result: ReleaseResult = { orders: 0, points: 0 };
  let after = "";
  for (;;) {
    const due = await db.orderEarning.findMany({
      where: { shopId, releasedAt: null, availableAt: { lte: now }, id: { gt: after } },
      orderBy: { id: "asc" },
      take: pageSize,
      select: { id: true, orderId: true, currency: true },
    });
    if (due.length === 0) return result;
    after = due.at(-1)!.id;
    for (const d of due) {
      const released = await db.$transaction(async (tx) => {
        const locked = await lockOrder(tx, shopId, d.orderId, { currency: d.currency });
        // Read through the ORM after locking: typed dates whatever the lock statement returns.
        const row = await tx.orderEarning.findUniqueOrThrow({ where: { id: d.id } });
        if (row.releasedAt || !row.availableAt || row.availableAt > now) return null;
        const points = releasablePoints(row.points, row.reversedPoints);
        const earnEntry = await tx.ledgerEntry.findUnique({ where: { shopId_businessKey: { shopId, businessKey: businessKeys.earn(row.orderId) } }, select: { id: true, memberId: true } });
        if (points > 0 && earnEntry) {
          await releasePendingOrderPoints(tx, {
            shopId,
            memberId: earnEntry.memberId,
            orderId: row.orderId,
            earnEntryId: earnEntry.id,
            points,
            expiresAt: lotExpiry(settings, now),
            earned: row.points,
            cancelledBeforeRelease: row.reversedPoints,
            now,
          });
        }
        await tx.orderEarning.update({ where: { id: row.id }, data: { releasedAt: now } });
        // Released points count towards lifetime earned, so the tier may move.
        if (points > 0) await evaluateAfterOrderChange(tx, shopId, row.customerId, now, locked.tierProgramStamp);
        return points;
      });
      if (released !== null) {
        result.orders += 1;
        result.points += released;
      }
    }
  }
}
