// Read models for the issue 9 admin pages (program extras, campaigns, surprise points) and the
// customer page's birthday and referral results. The use-cases themselves live in their services.
import type { DbTx } from "../../db/client";
import { listCampaigns, type CampaignView } from "../../services/campaigns/campaigns.server";
import { birthdayOf } from "../../services/birthday/set-birthday.server";
import { referralResults } from "../../services/referrals/referral-results.server";
import { listSurpriseRuns } from "../../services/surprise/surprise-run.server";
import type { Db } from "../../db/client";

const tiersOf = (db: DbTx, shopId: string) =>
  db.tier.findMany({ where: { shopId, archivedAt: null }, orderBy: { position: "asc" }, select: { id: true, name: true } });

/** What the Program page shows beside the settings: catalog rewards to pick, and the review-app endpoint. */
export async function programExtras(db: DbTx, shop: { id: string; domain: string; reviewSecret: string | null }, appUrl: string) {
  const rewards = await db.reward.findMany({ where: { shopId: shop.id, active: true }, orderBy: { position: "asc" }, select: { id: true, title: true } });
  return { rewards, reviews: { endpoint: `${appUrl}/api/reviews`, shopDomain: shop.domain, secret: shop.reviewSecret } };
}

export type CampaignGroups = { active: CampaignView[]; scheduled: CampaignView[]; ended: CampaignView[] };

export async function campaignsPage(db: DbTx, shopId: string, now = new Date()) {
  const [campaigns, tiers] = await Promise.all([listCampaigns(db, shopId, { now }), tiersOf(db, shopId)]);
  const groups: CampaignGroups = { active: [], scheduled: [], ended: [] };
  for (const c of campaigns) groups[c.status].push(c);
  // Scheduled: soonest first; the others newest first (as listed).
  groups.scheduled.reverse();
  return { groups, tiers, count: campaigns.length };
}

export async function surprisePage(db: Db, shopId: string) {
  const [runs, tiers] = await Promise.all([listSurpriseRuns(db, shopId), tiersOf(db, shopId)]);
  const names = new Map(tiers.map((tier) => [tier.id, tier.name]));
  return {
    tiers,
    runs: runs.map((r) => ({
      ...r,
      segmentLabel: r.segment.type === "tier" ? { type: "tier" as const, value: names.get(r.segment.tierId) ?? r.segment.tierId } : { type: "tag" as const, value: r.segment.tag },
    })),
  };
}

/** The member's birthday and, if they referred anyone, their referral results. */
export async function memberBirthdayAndReferrals(db: DbTx, shopId: string, memberId: string, now = new Date()) {
  const [birthday, referrals] = await Promise.all([birthdayOf(db, shopId, memberId, now), referralResults(db, shopId, { advocateMemberId: memberId, limit: 1 })]);
  return { birthday, referrals: referrals[0] ?? null };
}
