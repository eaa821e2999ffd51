// Proves the cached balances: sums every member's ledger and compares it with the member row and
// with the open lots. `npm run cli -- replay <shop>` exits non-zero on any mismatch.
import type { DbTx } from "../../db/client";

export type ReplayMismatch = {
  memberId: string;
  customerId: string;
  field: "balance" | "pending" | "held" | "lifetimeEarned" | "lots";
  cached: number;
  fromLedger: number;
};

export type ReplayReport = { shopId: string; members: number; entries: number; mismatches: ReplayMismatch[]; ms: number };

export async function replayShop(db: DbTx, shopId: string): Promise<ReplayReport> {
  const started = performance.now();
  const sums = await db.ledgerEntry.groupBy({
    by: ["memberId"],
    where: { shopId },
    _sum: { points: true, pendingDelta: true, heldDelta: true, lifetimeDelta: true },
    _count: { _all: true },
  });
  const lots = await db.pointLot.groupBy({ by: ["memberId"], where: { shopId, remaining: { gt: 0 } }, _sum: { remaining: true } });
  const lotsByMember = new Map(lots.map((l) => [l.memberId, l._sum.remaining ?? 0]));
  const sumsByMember = new Map(sums.map((s) => [s.memberId, s]));
  const mismatches: ReplayMismatch[] = [];
  let entries = 0;
  let members = 0;
  // Members are read in pages so a million-entry shop does not load every row at once.
  let cursor: string | undefined;
  for (;;) {
    const page = await db.member.findMany({
      where: { shopId },
      orderBy: { id: "asc" },
      take: 1000,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, customerId: true, balance: true, pending: true, held: true, lifetimeEarned: true },
    });
    if (page.length === 0) break;
    for (const m of page) {
      members++;
      const s = sumsByMember.get(m.id);
      entries += s?._count._all ?? 0;
      const ledger = {
        balance: s?._sum.points ?? 0,
        pending: s?._sum.pendingDelta ?? 0,
        held: s?._sum.heldDelta ?? 0,
        lifetimeEarned: s?._sum.lifetimeDelta ?? 0,
      };
      for (const field of ["balance", "pending", "held", "lifetimeEarned"] as const) {
        if (m[field] !== ledger[field]) mismatches.push({ memberId: m.id, customerId: m.customerId, field, cached: m[field], fromLedger: ledger[field] });
      }
      const open = lotsByMember.get(m.id) ?? 0;
      if (open !== Math.max(ledger.balance, 0)) {
        mismatches.push({ memberId: m.id, customerId: m.customerId, field: "lots", cached: open, fromLedger: Math.max(ledger.balance, 0) });
      }
    }
    cursor = page.at(-1)!.id;
  }
  return { shopId, members, entries, mismatches, ms: Math.round(performance.now() - started) };
}
