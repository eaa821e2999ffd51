// An order that used a reward's code consumes that redemption: the held points are spent for good.
import type { Db } from "../../db/client";
import { businessKeys } from "../../loyalty/ledger";
import type { NormalizedOrder } from "../../loyalty/order";
import { lockMember, postEntry } from "../ledger/post-entry.server";

export async function consumeRedemptionsForOrder(db: Db, shopId: string, order: NormalizedOrder, now = new Date()) {
  if (order.discountCodes.length === 0) return [];
  const codes = order.discountCodes.map((c) => c.toUpperCase());
  const redemptions = await db.redemption.findMany({ where: { shopId, code: { in: codes }, status: "issued" } });
  const consumed: string[] = [];
  for (const r of redemptions) {
    await db.$transaction(async (tx) => {
      // Re-read under the member lock: a concurrent cancel may have released it meanwhile. A code
      // used after it was released (Shopify deleted it too late) is not charged twice.
      await lockMember(tx, shopId, r.memberId);
      const fresh = await tx.redemption.findUniqueOrThrow({ where: { id: r.id } });
      if (fresh.status !== "issued") return;
      const entry = await postEntry(tx, {
        shopId,
        memberId: r.memberId,
        kind: "redeem_consume",
        businessKey: businessKeys.redeemConsume(r.id),
        points: 0,
        heldDelta: -r.pointsCost,
        source: { type: "order", id: order.orderId },
        details: { redemptionId: r.id, code: r.code },
        now,
      });
      if (!entry.created) return;
      await tx.redemption.update({ where: { id: r.id }, data: { status: "consumed", orderId: order.orderId, consumedAt: now } });
      consumed.push(r.id);
    });
  }
  return consumed;
}
