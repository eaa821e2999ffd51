// The daily expiry of a shop (rules: app/loyalty/points-expiry.ts). Each lot or member is expired
// in its own transaction under the member lock, with a business key, so a crash or a second run
// the same day writes nothing twice. Held points are never in a lot and are never touched.
import type { Db, DbTx } from "../../db/client";
import { ACTIVITY_KINDS, inactivityDeadline, spendableLots } from "../../loyalty/points-expiry";
import { expireInactivePoints, expireLot } from "../ledger/operations.server";
import { lockMember } from "../ledger/post-entry.server";
import { loadProgramSettings } from "../program/settings.server";

export type ExpiryRunResult = { mode: string; expiredLots: number; expiredMembers: number; points: number; clearedLots: number };

export async function runExpiry(db: Db, shopId: string, now: Date, opts: { pageSize?: number } = {}): Promise<ExpiryRunResult> {
  const pageSize = opts.pageSize ?? 200;
  const rule = (await loadProgramSettings(db, shopId)).pointsExpiry;
  const result: ExpiryRunResult = { mode: rule.mode, expiredLots: 0, expiredMembers: 0, points: 0, clearedLots: 0 };
  if (rule.mode !== "after_months") {
    // Lot dates only mean something under after_months. Once the rule changes they are dropped, so
    // the points stay spendable (the debit allocation skips lots past their date) and never expire.
    const { count } = await db.pointLot.updateMany({ where: { shopId, remaining: { gt: 0 }, expiresAt: { not: null } }, data: { expiresAt: null } });
    result.clearedLots = count;
  }
  if (rule.mode === "after_months") await expireDueLots(db, shopId, now, pageSize, result);
  if (rule.mode === "inactivity") await expireInactive(db, shopId, now, rule.months, pageSize, result);
  return result;
}

async function expireDueLots(db: Db, shopId: string, now: Date, pageSize: number, result: ExpiryRunResult) {
  let after = "";
  for (;;) {
    const lots = await db.pointLot.findMany({
      where: { shopId, remaining: { gt: 0 }, expiresAt: { lte: now }, id: { gt: after } },
      orderBy: { id: "asc" },
      take: pageSize,
      select: { id: true, memberId: true },
    });
    if (lots.length === 0) return;
    after = lots.at(-1)!.id;
    for (const lot of lots) {
      const points = await db.$transaction(async (tx) => {
        const member = await lockMember(tx, shopId, lot.memberId);
        // Read again under the lock: a debit may have consumed the lot since the page was read.
        const current = await tx.pointLot.findUniqueOrThrow({ where: { id: lot.id }, select: { remaining: true, expiresAt: true } });
        if (current.remaining <= 0 || !current.expiresAt || current.expiresAt > now) return 0;
        // A lot expires once, unless a released reward hold put points back into it afterwards
        // (restored debits keep their lots): those expire too, under a numbered key.
        const before = await tx.ledgerEntry.count({ where: { shopId, memberId: lot.memberId, kind: "expire", sourceType: "lot", sourceId: lot.id } });
        const posted = await expireLot(tx, { shopId, memberId: lot.memberId, lockedMember: member, lotId: lot.id, remaining: current.remaining, nth: before + 1, expiresAt: current.expiresAt, now });
        return posted.created ? -posted.applied : 0;
      });
      if (points > 0) {
        result.expiredLots += 1;
        result.points += points;
      }
    }
  }
}

/** The member's last own activity (an order earned, a reward redeemed), or when they joined if none. */
export async function lastActivityOf(tx: DbTx, shopId: string, memberId: string, joinedAt: Date): Promise<Date> {
  const last = await tx.ledgerEntry.findFirst({
    where: { shopId, memberId, kind: { in: [...ACTIVITY_KINDS] } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  return last?.createdAt ?? joinedAt;
}

async function expireInactive(db: Db, shopId: string, now: Date, months: number, pageSize: number, result: ExpiryRunResult) {
  let after = "";
  for (;;) {
    const members = await db.member.findMany({
      where: { shopId, balance: { gt: 0 }, id: { gt: after } },
      orderBy: { id: "asc" },
      take: pageSize,
      select: { id: true, createdAt: true },
    });
    if (members.length === 0) return;
    after = members.at(-1)!.id;
    const lastById = new Map(
      (
        await db.ledgerEntry.groupBy({
          by: ["memberId"],
          where: { shopId, memberId: { in: members.map((m) => m.id) }, kind: { in: [...ACTIVITY_KINDS] } },
          _max: { createdAt: true },
        })
      ).map((g) => [g.memberId, g._max.createdAt]),
    );
    for (const m of members) {
      const seen = lastById.get(m.id);
      const last = seen ?? m.createdAt;
      if (inactivityDeadline(last, months) > now) continue;
      const points = await db.$transaction(async (tx) => {
        const member = await lockMember(tx, shopId, m.id);
        // Checked again under the lock: an order may have earned since the page was read.
        const lastActivity = await lastActivityOf(tx, shopId, m.id, member.createdAt);
        if (inactivityDeadline(lastActivity, months) > now) return 0;
        const lots = spendableLots(await tx.pointLot.findMany({ where: { memberId: m.id, remaining: { gt: 0 } } }), now);
        const total = lots.reduce((sum, l) => sum + l.remaining, 0);
        if (total <= 0) return 0;
        const posted = await expireInactivePoints(tx, { shopId, memberId: m.id, lockedMember: member, lots, lastActivity, months, now });
        return posted.created ? -posted.applied : 0;
      });
      if (points > 0) {
        result.expiredMembers += 1;
        result.points += points;
      }
    }
  }
}
