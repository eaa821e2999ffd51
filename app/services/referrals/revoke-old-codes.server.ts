// Per-friend welcome codes from before the advocate's shared code were usable once by anyone and
// could be asked for again and again with made-up e-mails. This deletes, in Shopify, every such
// code still unused (status issued) so none can be spent any more; the row becomes "revoked". An
// order placed with one before it was deleted is still judged when it is paid (referral-order).
// Failures are reported per code, not swallowed; running it again retries them and skips the rest.
import type { Db } from "../../db/client";
import type { AdminGraphqlClient } from "../../shopify/admin-api.server";
import { deleteRewardDiscount } from "../../shopify/reward-discounts.server";

export type RevokeReport = { revoked: number; failed: Array<{ code: string; error: string }> };

export async function revokeOldWelcomeCodes(db: Db, shopDomain: string, admin: AdminGraphqlClient, opts: { limit?: number } = {}): Promise<RevokeReport> {
  const shop = await db.shop.findUnique({ where: { domain: shopDomain }, select: { id: true } });
  if (!shop) throw new Error(`no shop ${shopDomain}`);
  const rows = await db.referral.findMany({
    where: { shopId: shop.id, status: "issued", discountId: { not: null } },
    orderBy: { createdAt: "asc" },
    take: opts.limit ?? 5000,
    select: { id: true, welcomeCode: true, discountId: true },
  });
  const report: RevokeReport = { revoked: 0, failed: [] };
  for (const row of rows) {
    try {
      await deleteRewardDiscount(admin, row.discountId!);
      const { count } = await db.referral.updateMany({ where: { id: row.id, status: "issued" }, data: { status: "revoked" } });
      report.revoked += count;
    } catch (error) {
      report.failed.push({ code: row.welcomeCode, error: (error as Error).message });
    }
  }
  return report;
}
