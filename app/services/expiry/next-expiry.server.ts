// The member's next expiry (date and amount), for the storefront API and the customer metafields
// that email tools read to remind members 30 and 7 days before.
import type { DbTx } from "../../db/client";
import { type ExpiryRule, type NextExpiry, nextExpiryOf } from "../../loyalty/points-expiry";
import { loadProgramSettings } from "../program/settings.server";
import { lastActivityOf } from "./run-expiry.server";

/** `known`: the expiry rule the caller already loaded (the storefront view loads settings once). */
export async function nextExpiry(db: DbTx, shopId: string, memberId: string, now: Date = new Date(), known: { rule?: ExpiryRule } = {}): Promise<NextExpiry | null> {
  const rule = known.rule ?? (await loadProgramSettings(db, shopId)).pointsExpiry;
  if (rule.mode === "none") return null;
  const member = await db.member.findFirst({ where: { id: memberId, shopId }, select: { createdAt: true, shop: { select: { timezone: true } } } });
  if (!member) return null;
  const lots = await db.pointLot.findMany({ where: { shopId, memberId, remaining: { gt: 0 } }, select: { id: true, remaining: true, expiresAt: true, availableAt: true } });
  const lastActivity = rule.mode === "inactivity" ? await lastActivityOf(db, shopId, memberId, member.createdAt) : member.createdAt;
  return nextExpiryOf(rule, lots, lastActivity, now, member.shop.timezone);
}
