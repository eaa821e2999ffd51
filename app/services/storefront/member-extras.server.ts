// What GET /proxy/me adds about earning and expiry, kept out of the member view so it stays one
// call there: the next expiry (date and amount under the program's rule), pending points with
// their release dates, the member's birthday and referral link.
import type { DbTx } from "../../db/client";
import { birthdayOf, type BirthdayView } from "../birthday/set-birthday.server";
import type { ProgramSettings } from "../../loyalty/program-settings";
import { nextExpiry } from "../expiry/next-expiry.server";
import { pendingReleasesOf } from "../pending/pending-earn.server";
import { type ReferralLink, referralLinkOf } from "../referrals/referral-link.server";
import { loadProgramSettings } from "../program/settings.server";

export type MemberExtras = {
  nextExpiry: { points: number; at: string } | null;
  pendingReleases: Array<{ points: number; availableAt: string }>;
  birthday: BirthdayView | null;
  /** The member's referral link, when the shop runs referrals (created on first use). */
  referral: ReferralLink | null;
};

export const emptyExtras = (): MemberExtras => ({ nextExpiry: null, pendingReleases: [], birthday: null, referral: null });

/** `known`: what the caller already read (the storefront view reads the birthday with the member). */
export async function memberExtras(
  db: DbTx,
  shopId: string,
  member: { id: string; customerId: string; pending?: number } | null,
  now: Date,
  known: { settings?: ProgramSettings; birthday?: BirthdayView | null } = {},
): Promise<MemberExtras> {
  if (!member) return emptyExtras();
  const settings = known.settings ?? (await loadProgramSettings(db, shopId));
  const [expiry, pending, birthday, referral] = await Promise.all([
    nextExpiry(db, shopId, member.id, now, { rule: settings.pointsExpiry }),
    // Most members have nothing pending: skip the queries when the cached pending balance is zero.
    member.pending === 0
      ? []
      : db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timezone: true } }).then((shop) => pendingReleasesOf(db, shopId, member.customerId, shop.timezone)),
    known.birthday !== undefined ? known.birthday : birthdayOf(db, shopId, member.id, now),
    settings.enabled && settings.referrals.enabled ? referralLinkOf(db, shopId, member.id) : null,
  ]);
  return {
    nextExpiry: expiry ? { points: expiry.points, at: expiry.at.toISOString() } : null,
    pendingReleases: pending.map((p) => ({ points: p.points, availableAt: p.availableAt.toISOString() })),
    birthday,
    referral,
  };
}
