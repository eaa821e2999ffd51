// Expiry rules (program setting `pointsExpiry`), as plain functions over lots and dates.
//
// - after_months: each lot carries its own `expiresAt`; what remains of a lot on that date expires.
// - inactivity: the whole spendable balance expires N months after the member's last activity
//   (an order earning, or a reward redeemed); lot dates play no part.
// - none: nothing expires. Turning expiry off never brings back points that already expired.
// Held points (issued rewards) are never in a lot, so expiry can never touch them.
import { shopDayOf } from "./shop-day";
import type { ProgramSettings } from "./program-settings";

export type ExpiryRule = ProgramSettings["pointsExpiry"];

export type ExpiryLot = { id: string; remaining: number; expiresAt: Date | null; availableAt: Date | null };

/** Ledger kinds that count as the member's own activity (inactivity mode). */
export const ACTIVITY_KINDS = ["earn", "redeem_hold"] as const;

/** Calendar months in UTC; the 31st plus one month is the last day of the shorter month. */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** Lots whose expiry date has passed and that still hold points (after_months mode). */
export function lotsDue(lots: readonly ExpiryLot[], now: Date): ExpiryLot[] {
  return lots.filter((l) => l.remaining > 0 && l.expiresAt !== null && l.expiresAt <= now);
}

/** Lots that make up the spendable balance: points left and available (not pending). */
export function spendableLots(lots: readonly ExpiryLot[], now: Date): ExpiryLot[] {
  return lots.filter((l) => l.remaining > 0 && (l.availableAt === null || l.availableAt <= now));
}

/** When an inactive member's balance expires: last activity + N months. */
export function inactivityDeadline(lastActivity: Date, months: number): Date {
  return addMonths(lastActivity, months);
}

export type NextExpiry = { points: number; at: Date };

/**
 * The soonest expiry ahead: the earliest shop-local day on which lots expire, with the points of
 * every lot expiring that day (so "120 points on 3 March" matches what the job will take).
 */
export function nextLotExpiry(lots: readonly ExpiryLot[], now: Date, timezone = "UTC"): NextExpiry | null {
  const ahead = lots.filter((l) => l.remaining > 0 && l.expiresAt !== null && l.expiresAt > now).sort((a, b) => a.expiresAt!.getTime() - b.expiresAt!.getTime());
  const first = ahead[0];
  if (!first) return null;
  const day = shopDayOf(first.expiresAt!, timezone);
  const points = ahead.filter((l) => shopDayOf(l.expiresAt!, timezone) === day).reduce((sum, l) => sum + l.remaining, 0);
  return { points, at: first.expiresAt! };
}

/**
 * The next expiry of a member under the rule. For inactivity the whole spendable balance expires
 * at last activity + N months (null when there is nothing to lose).
 */
export function nextExpiryOf(rule: ExpiryRule, lots: readonly ExpiryLot[], lastActivity: Date, now: Date, timezone = "UTC"): NextExpiry | null {
  if (rule.mode === "none") return null;
  if (rule.mode === "after_months") return nextLotExpiry(lots, now, timezone);
  const points = spendableLots(lots, now).reduce((sum, l) => sum + l.remaining, 0);
  return points > 0 ? { points, at: inactivityDeadline(lastActivity, rule.months) } : null;
}
