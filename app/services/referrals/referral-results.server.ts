// Referral results per advocate, for staff: friends' orders with the advocate's welcome code
// (`invited`; with old per-friend codes, also codes issued and not used yet), orders that qualified
// (pending or rewarded), rejections by reason, cancellations, and points earned.
import type { DbTx } from "../../db/client";

export type AdvocateResults = {
  advocateMemberId: string;
  customerId: string;
  email: string | null;
  invited: number;
  pending: number;
  rewarded: number;
  cancelled: number;
  rejected: Record<string, number>;
  pointsEarned: number;
  pointsPending: number;
};

export async function referralResults(db: DbTx, shopId: string, opts: { advocateMemberId?: string; limit?: number } = {}): Promise<AdvocateResults[]> {
  const groups = await db.referral.groupBy({
    by: ["advocateMemberId", "status", "rejectReason"],
    where: { shopId, status: { notIn: ["issuing", "revoked"] }, ...(opts.advocateMemberId ? { advocateMemberId: opts.advocateMemberId } : {}) },
    _count: { _all: true },
    _sum: { points: true },
  });
  const byAdvocate = new Map<string, AdvocateResults>();
  for (const g of groups) {
    const r =
      byAdvocate.get(g.advocateMemberId) ??
      ({ advocateMemberId: g.advocateMemberId, customerId: "", email: null, invited: 0, pending: 0, rewarded: 0, cancelled: 0, rejected: {}, pointsEarned: 0, pointsPending: 0 } as AdvocateResults);
    const n = g._count._all;
    r.invited += n;
    if (g.status === "pending") {
      r.pending += n;
      r.pointsPending += g._sum.points ?? 0;
    } else if (g.status === "rewarded") {
      r.rewarded += n;
      r.pointsEarned += g._sum.points ?? 0;
    } else if (g.status === "cancelled") r.cancelled += n;
    else if (g.status === "rejected") r.rejected[g.rejectReason ?? "unknown"] = (r.rejected[g.rejectReason ?? "unknown"] ?? 0) + n;
    byAdvocate.set(g.advocateMemberId, r);
  }
  const members = await db.member.findMany({ where: { shopId, id: { in: [...byAdvocate.keys()] } }, select: { id: true, customerId: true, email: true } });
  for (const m of members) Object.assign(byAdvocate.get(m.id)!, { customerId: m.customerId, email: m.email });
  return [...byAdvocate.values()].sort((a, b) => b.rewarded - a.rewarded || b.invited - a.invited).slice(0, opts.limit ?? 500);
}
