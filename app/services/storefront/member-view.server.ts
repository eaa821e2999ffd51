// GET /proxy/me: the signed-in shopper's own picture. Only ever called with the customer id
// from the verified app-proxy signature.
import type { DbTx } from "../../db/client";
import type { Reward } from "../../loyalty/rewards";
import { listRewards } from "../rewards/catalog.server";
import { presentRedemption } from "../rewards/redemptions.server";
import { freeThroughPerk, meetsMinimumTier, tierProgressView, windowStart } from "../../loyalty/tiers";
import { type LoadedTierProgram, loadTierProgram } from "../tiers/program.server";
import { progressByCustomer } from "../tiers/progress.server";
import { TtlCache } from "../../lib/ttl-cache";
import { presentRawBirthday } from "../birthday/set-birthday.server";
import { storefrontProgramSettings } from "../program/settings.server";
import { memberExtras } from "./member-extras.server";
import { type MemberRow, readMemberRows } from "./member-rows.server";

const activeRewards = new TtlCache<Reward[]>(5_000);
const tierPrograms = new TtlCache<LoadedTierProgram>(5_000);

const DESCRIPTIONS: Record<string, string> = {
  earn: "Order",
  reverse: "Refund or cancellation",
  redeem_hold: "Reward redeemed",
  redeem_release: "Reward returned",
  redeem_consume: "Reward used",
  redeem_reclaim: "Reward used after it was returned",
  expire: "Expired",
  adjust: "Adjustment",
  bonus: "Bonus",
};

// The hottest storefront read: the member's own rows (member-rows.server.ts: one statement on
// PostgreSQL), the settings, rewards and tiers from per-process caches of a few seconds.
export async function memberView(db: DbTx, shopId: string, customerId: string) {
  const [{ member, redemptions, entries }, settings] = await Promise.all([readMemberRows(db, shopId, customerId), storefrontProgramSettings(db, shopId)]);
  const balance = Number(member?.balance ?? 0);
  const now = new Date();
  const birthday = presentRawBirthday(
    member?.birthdayMonth != null && member.birthdayDay != null && member.birthdaySetAt != null
      ? { month: member.birthdayMonth, day: member.birthdayDay, year: member.birthdayYear, setAt: member.birthdaySetAt }
      : null,
    now,
  );
  const [rewards, tierProgram, outlook] = await Promise.all([
    activeRewards.get(shopId, () => listRewards(db, shopId, { activeOnly: true })),
    tierPrograms.get(shopId, () => loadTierProgram(db, shopId)),
    // Next expiry under the program's rule, pending points by release day, referral link.
    memberExtras(db, shopId, member ? { ...member, pending: Number(member.pending) } : null, now, { settings, birthday }),
  ]);
  const tiers = await tierOf(db, shopId, tierProgram, member ?? null, now);
  const tierIds = tierProgram.enabled ? tierProgram.tiers : [];
  const tierId = tiers.tier?.id ?? null;
  const perkRewards = member ? rewards.filter((r) => freeThroughPerk(tierIds, tierId, r.type)) : [];
  const affordable = rewards.filter((r) => (r.pointsCost <= balance || perkRewards.includes(r)) && meetsMinimumTier(tierIds, tierId, r.minimumTierId));
  const next = rewards.filter((r) => r.pointsCost > balance).sort((a, b) => a.pointsCost - b.pointsCost)[0];
  return {
    member: {
      balance,
      pending: Number(member?.pending ?? 0),
      pendingReleases: outlook.pendingReleases,
      held: Number(member?.held ?? 0),
      lifetimeEarned: Number(member?.lifetimeEarned ?? 0),
      ...tiers,
      nextExpiry: outlook.nextExpiry,
      birthday: outlook.birthday,
      referral: outlook.referral,
    },
    affordableRewardIds: affordable.map((r) => r.id),
    /** Rewards this member redeems without spending points (the tier's free-shipping perk). */
    freeRewardIds: perkRewards.map((r) => r.id),
    nextReward: next ? { id: next.id, title: next.title, pointsCost: next.pointsCost, remaining: next.pointsCost - balance } : null,
    redemptions: redemptions.map(presentRedemption),
    history: entries.map((e) => ({
      id: e.id,
      kind: e.kind,
      points: Number(e.points),
      description: e.reason ?? DESCRIPTIONS[e.kind] ?? e.kind,
      createdAt: new Date(e.createdAt).toISOString(),
    })),
  };
}

/**
 * The member's VIP tier and progress, numbers as JSON numbers (the widget computes with them; a
 * spend in minor units stays far below 2^53). Progress is read only when the shop has tiers.
 */
async function tierOf(db: DbTx, shopId: string, program: LoadedTierProgram, member: MemberRow | null, now: Date) {
  const since = windowStart(program.rules.window, now, program.rules.timezone);
  const value =
    program.enabled && member ? ((await progressByCustomer(db, shopId, program.rules.metric, since, [member.customerId])).get(member.customerId) ?? 0n) : 0n;
  const view = tierProgressView(
    program,
    member
      ? { ...member, tierOverrideLifetime: Boolean(member.tierOverrideLifetime) }
      : { tierId: null, tierGraceUntil: null, tierOverrideId: null, tierOverrideUntil: null, tierOverrideLifetime: false },
    value,
    since,
  );
  return {
    tier: view.tier
      ? { id: view.tier.id, name: view.tier.name, perks: view.tier.displayPerks, earnMultiplier: view.tier.earnMultiplier, freeShipping: view.tier.freeShipping }
      : null,
    nextTier: view.nextTier ? { id: view.nextTier.id, name: view.nextTier.name, threshold: Number(view.nextTier.threshold), remaining: Number(view.nextTier.remaining) } : null,
    progress: { metric: view.progress.metric, window: view.progress.window, value: Number(view.progress.value), since: view.progress.since },
    tierGraceUntil: view.graceUntil,
    tierOverride: view.override,
  };
}
