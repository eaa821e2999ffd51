import { describe, expect, it } from "vitest";
import { type CampaignRule, campaignBonus, campaignStatus, parseCampaignInput } from "../../../app/loyalty/campaigns";
import { computeOrderPoints } from "../../../app/loyalty/earning";
import { defaultProgramSettings } from "../../../app/loyalty/program-settings";
import { line, order } from "../../support/orders";

const d = (iso: string) => new Date(iso);
const now = d("2026-06-05T00:00:00Z");
const campaign = (over: Partial<CampaignRule>): CampaignRule => ({
  id: over.id ?? "c",
  name: "C",
  type: "multiplier",
  multiplier: "2",
  bonusPoints: null,
  startsAt: d("2026-06-01T00:00:00Z"),
  endsAt: d("2026-06-10T00:00:00Z"),
  endedAt: null,
  tierIds: [],
  customerTag: null,
  collectionIds: [],
  ...over,
});

describe("bonus campaigns", () => {
  it("validates input with field errors and normalizes the multiplier", () => {
    expect(parseCampaignInput({ name: "Double", type: "multiplier", multiplier: 2.5, startDay: "2026-06-01", endDay: "2026-06-02" })).toMatchObject({ ok: true, value: { multiplier: "2.5", bonusPoints: null } });
    expect(parseCampaignInput({ name: "", type: "fixed_bonus", startDay: "2026-02-30", endDay: "x" })).toEqual({
      ok: false,
      fieldErrors: { name: "is required", startDay: "must be a day like 2026-12-01", endDay: "must be a day like 2026-12-01", bonusPoints: "is required for a fixed bonus campaign" },
    });
    expect(parseCampaignInput({ name: "X", type: "multiplier", multiplier: "11", startDay: "2026-06-01", endDay: "2026-06-02" })).toEqual({ ok: false, fieldErrors: { multiplier: "must be more than 1 and at most 10" } });
  });

  it("knows scheduled, active and ended", () => {
    expect(campaignStatus(campaign({}), d("2026-05-31T23:59:59Z"))).toBe("scheduled");
    expect(campaignStatus(campaign({}), now)).toBe("active");
    expect(campaignStatus(campaign({}), d("2026-06-10T00:00:00Z"))).toBe("ended");
    expect(campaignStatus(campaign({ endedAt: d("2026-06-04T00:00:00Z") }), now)).toBe("ended");
  });

  it("adds the best multiplier and every fixed bonus; limits by tier, tag and collection", () => {
    const inBath = line(4_000n, { collectionIds: ["bath"] });
    const other = line(6_000n, { collectionIds: ["home"] });
    const o = order("1", [inBath, other]);
    const earn = computeOrderPoints(o, defaultProgramSettings()); // 100 points
    const ctx = { now, tierId: "gold", customerTags: ["VIP"] };
    expect(campaignBonus([campaign({ multiplier: "2" }), campaign({ id: "t", multiplier: "3" })], o, earn, ctx).points).toBe(200);
    expect(campaignBonus([campaign({ type: "fixed_bonus", multiplier: null, bonusPoints: 10 }), campaign({ id: "f2", type: "fixed_bonus", multiplier: null, bonusPoints: 5 })], o, earn, ctx).points).toBe(15);
    expect(campaignBonus([campaign({ collectionIds: ["bath"] })], o, earn, ctx).points).toBe(40);
    expect(campaignBonus([campaign({ tierIds: ["silver"] })], o, earn, ctx).points).toBe(0);
    expect(campaignBonus([campaign({ customerTag: "vip" })], o, earn, ctx).points).toBe(100);
    expect(campaignBonus([campaign({ customerTag: "wholesale" })], o, earn, ctx).points).toBe(0);
    expect(campaignBonus([campaign({ type: "fixed_bonus", multiplier: null, bonusPoints: 10, collectionIds: ["garden"] })], o, earn, ctx).points).toBe(0);
    expect(campaignBonus([campaign({})], o, { ...earn, points: 0 }, ctx).points).toBe(0);
  });
});
