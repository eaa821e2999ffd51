// The pure tier rules: validation, thresholds at their exact boundaries, windows, the downgrade
// policies and the what-if preview.
import { describe, expect, it } from "vitest";
import {
  decideTier,
  downgradeDueAt,
  type MemberTierState,
  nextTier,
  parseTierPerks,
  previewTierChanges,
  qualifyingTier,
  type TierDef,
  type TierProgramRules,
  TierValidationError,
  validateTiers,
  windowStart,
} from "../../../app/loyalty/tiers";

const perks = parseTierPerks({});
const tier = (id: string, threshold: bigint, position: number): TierDef => ({ id, name: id, slug: id, threshold, position, perks });
const TIERS = [tier("bronze", 0n, 0), tier("silver", 500n, 1), tier("gold", 1000n, 2)];
const NOW = new Date("2026-06-15T12:00:00Z");
const rules = (over: Partial<TierProgramRules> = {}): Omit<TierProgramRules, "metric"> => ({ window: "lifetime", downgradePolicy: "end_of_window", graceDays: 30, timezone: "UTC", ...over });
const state = (over: Partial<MemberTierState> = {}): MemberTierState => ({
  tierId: null,
  tierAchievedAt: null,
  tierOverrideId: null,
  tierOverrideUntil: null,
  tierOverrideLifetime: false,
  tierGraceUntil: null,
  ...over,
});

function validationErrors(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (error) {
    if (error instanceof TierValidationError) return error.fieldErrors;
    throw error;
  }
  throw new Error("expected a TierValidationError");
}

describe("validateTiers", () => {
  it("accepts an ordered list starting at 0 and gives slugs and positions", () => {
    const tiers = validateTiers([
      { name: "Bronze", threshold: "0" },
      { name: "Très Silver", threshold: 500 },
      { name: "Gold", threshold: 1000n, perks: { earnMultiplier: "1.5", entryReward: { points: 200 }, freeShipping: true, displayPerks: ["Early access", " "] } },
    ]);
    expect(tiers.map((t) => [t.slug, t.threshold, t.position])).toEqual([
      ["bronze", 0n, 0],
      ["tres-silver", 500n, 1],
      ["gold", 1000n, 2],
    ]);
    expect(tiers[2]!.perks).toEqual({ earnMultiplier: "1.5", entryReward: { points: 200 }, freeShipping: true, displayPerks: ["Early access"] });
  });

  it("requires the first threshold to be 0", () => {
    expect(validationErrors(() => validateTiers([{ name: "A", threshold: "1" }]))).toEqual({ "tiers.0.threshold": expect.stringContaining("starts at 0") });
  });

  it("requires strictly increasing thresholds (equal is refused)", () => {
    const errors = validationErrors(() =>
      validateTiers([
        { name: "A", threshold: "0" },
        { name: "B", threshold: "100" },
        { name: "C", threshold: "100" },
      ]),
    );
    expect(Object.keys(errors)).toEqual(["tiers.2.threshold"]);
  });

  it("refuses duplicate names whatever their case, empty names, and bad thresholds or perks", () => {
    const errors = validationErrors(() =>
      validateTiers([
        { name: "Gold", threshold: "0" },
        { name: "gold ", threshold: "10" },
        { name: "", threshold: "1.5" },
        { name: "X", threshold: "30", perks: { earnMultiplier: "0.5" } },
      ]),
    );
    expect(Object.keys(errors).sort()).toEqual(["tiers.1.name", "tiers.2.name", "tiers.2.threshold", "tiers.3.perks.earnMultiplier"]);
  });

  it("refuses an empty list", () => {
    expect(validationErrors(() => validateTiers([]))).toHaveProperty("tiers");
  });
});

describe("parseTierPerks", () => {
  it("fills defaults and reads stored JSON", () => {
    expect(parseTierPerks("{}")).toEqual({ earnMultiplier: "1", entryReward: null, freeShipping: false, displayPerks: [] });
    expect(parseTierPerks('{"entryReward":{"rewardId":"r1"},"earnMultiplier":"2"}')).toMatchObject({ entryReward: { rewardId: "r1" }, earnMultiplier: "2" });
  });
  it("refuses multipliers below 1 or with more than four decimals", () => {
    expect(() => parseTierPerks({ earnMultiplier: "0.9" })).toThrow();
    expect(() => parseTierPerks({ earnMultiplier: "1.00001" })).toThrow();
    expect(() => parseTierPerks({ entryReward: { points: 0 } })).toThrow();
  });
});

describe("qualifyingTier and nextTier at exact boundaries", () => {
  it.each([
    [0n, "bronze"],
    [499n, "bronze"],
    [500n, "silver"],
    [999n, "silver"],
    [1000n, "gold"],
    [10n ** 20n, "gold"],
  ])("progress %s reaches %s", (value, expected) => {
    expect(qualifyingTier(TIERS, value)?.id).toBe(expected);
  });

  it("says what is left to the next tier, and nothing above the top", () => {
    expect(nextTier(TIERS, 499n)).toEqual({ tier: TIERS[1], remaining: 1n });
    expect(nextTier(TIERS, 500n)).toEqual({ tier: TIERS[2], remaining: 500n });
    expect(nextTier(TIERS, 1000n)).toBeNull();
  });

  it("does not depend on the order the tiers are given in", () => {
    expect(qualifyingTier([...TIERS].reverse(), 700n)?.id).toBe("silver");
  });
});

describe("windowStart", () => {
  it("lifetime has no start", () => {
    expect(windowStart("lifetime", NOW)).toBeNull();
  });
  it("a calendar year starts at local midnight on 1 January", () => {
    expect(windowStart("calendar_year", NOW)).toEqual(new Date("2026-01-01T00:00:00Z"));
    // 03:00 UTC on 1 January is still 31 December in New York.
    expect(windowStart("calendar_year", new Date("2026-01-01T03:00:00Z"), "America/New_York")).toEqual(new Date("2025-01-01T05:00:00Z"));
  });
  it("rolling 12 months: an order of 10 March 2025 counts through 9 March 2026 and stops on 10 March 2026", () => {
    const order = new Date("2025-03-10T18:00:00Z");
    const lastDay = windowStart("rolling_12_months", new Date("2026-03-09T23:59:59Z"))!;
    const dropDay = windowStart("rolling_12_months", new Date("2026-03-10T00:00:00Z"))!;
    expect(order >= lastDay).toBe(true);
    expect(order >= dropDay).toBe(false);
    expect(dropDay).toEqual(new Date("2025-03-11T00:00:00Z"));
  });
  it("rolling 12 months in the shop's zone and across 29 February", () => {
    expect(windowStart("rolling_12_months", new Date("2026-03-10T12:00:00Z"), "Europe/Paris")).toEqual(new Date("2025-03-10T23:00:00Z"));
    expect(windowStart("rolling_12_months", new Date("2028-02-29T12:00:00Z"))).toEqual(new Date("2027-03-01T00:00:00Z"));
  });
});

describe("decideTier", () => {
  const silver = state({ tierId: "silver", tierAchievedAt: new Date("2026-02-01T00:00:00Z") });

  it("upgrades immediately, several tiers at once", () => {
    expect(decideTier(state({ tierId: "bronze" }), TIERS, 1000n, rules(), NOW)).toMatchObject({ tierId: "gold", changed: true, direction: "up", reason: "upgrade" });
    expect(decideTier(state(), TIERS, 0n, rules(), NOW)).toMatchObject({ tierId: "bronze", changed: true, direction: "up" });
  });

  it("never: keeps the tier when progress falls", () => {
    expect(decideTier(silver, TIERS, 499n, rules({ downgradePolicy: "never" }), NOW)).toMatchObject({ tierId: "silver", changed: false, graceUntil: null });
  });

  it("grace period: sets the due date, keeps the tier until then, downgrades on it", () => {
    const first = decideTier(silver, TIERS, 100n, rules({ downgradePolicy: "grace_period", graceDays: 10 }), NOW);
    expect(first).toMatchObject({ tierId: "silver", changed: false, graceUntil: new Date("2026-06-25T12:00:00Z"), earnedTierId: "bronze" });
    const waiting = state({ ...silver, tierGraceUntil: first.graceUntil });
    expect(decideTier(waiting, TIERS, 100n, rules({ downgradePolicy: "grace_period", graceDays: 10 }), new Date("2026-06-25T11:59:59Z")).changed).toBe(false);
    expect(decideTier(waiting, TIERS, 100n, rules({ downgradePolicy: "grace_period", graceDays: 10 }), new Date("2026-06-25T12:00:00Z"))).toMatchObject({
      tierId: "bronze",
      reason: "downgrade",
      graceUntil: null,
    });
  });

  it("requalifying during the grace period clears it", () => {
    const waiting = state({ ...silver, tierGraceUntil: new Date("2026-06-20T00:00:00Z") });
    expect(decideTier(waiting, TIERS, 600n, rules({ downgradePolicy: "grace_period" }), NOW)).toMatchObject({ tierId: "silver", changed: false, graceUntil: null });
  });

  it("end of window: calendar year keeps the tier until the next 1 January", () => {
    expect(decideTier(silver, TIERS, 0n, rules({ window: "calendar_year" }), NOW).graceUntil).toEqual(new Date("2027-01-01T00:00:00Z"));
  });

  it("end of window: rolling keeps the tier 12 months from reaching it; lifetime drops at once", () => {
    expect(downgradeDueAt(rules({ window: "rolling_12_months" }), silver, NOW)).toEqual(new Date("2027-02-01T00:00:00Z"));
    expect(decideTier(silver, TIERS, 0n, rules({ window: "rolling_12_months" }), new Date("2027-03-01T00:00:00Z"))).toMatchObject({ tierId: "bronze", changed: true });
    expect(decideTier(silver, TIERS, 0n, rules({ window: "lifetime" }), NOW)).toMatchObject({ tierId: "bronze", direction: "down" });
  });

  it("an active override wins over progress; an expired one gives way at once", () => {
    const overridden = state({ tierId: "gold", tierOverrideId: "gold", tierOverrideUntil: new Date("2026-07-01T00:00:00Z") });
    expect(decideTier(overridden, TIERS, 0n, rules(), NOW)).toMatchObject({ tierId: "gold", changed: false, clearOverride: false });
    expect(decideTier(overridden, TIERS, 600n, rules({ downgradePolicy: "never" }), new Date("2026-07-01T00:00:00Z"))).toMatchObject({
      tierId: "silver",
      reason: "override_expired",
      clearOverride: true,
    });
    const lifetime = state({ tierId: "bronze", tierOverrideId: "gold", tierOverrideLifetime: true });
    expect(decideTier(lifetime, TIERS, 0n, rules(), new Date("2099-01-01T00:00:00Z"))).toMatchObject({ tierId: "gold", reason: "override" });
  });

  it("a member on a removed tier moves at once to what progress reaches", () => {
    expect(decideTier(state({ tierId: "platinum" }), TIERS, 600n, rules({ downgradePolicy: "never" }), NOW, 3)).toMatchObject({ tierId: "silver", changed: true, direction: "down" });
  });
});

describe("previewTierChanges", () => {
  it("counts exactly who moves up now, down now, down later, and who stays", () => {
    const members = [
      { id: "m1", tier: "bronze", progress: 600n }, // up to silver
      { id: "m2", tier: "silver", progress: 1200n }, // up to gold
      { id: "m3", tier: "gold", progress: 1200n }, // stays
      { id: "m4", tier: "gold", progress: 700n }, // down to silver at the end of the year
      { id: "m5", tier: "bronze", progress: 10n }, // stays
    ];
    const preview = previewTierChanges(
      members.map((m) => ({ memberId: m.id, customerId: `c-${m.id}`, email: null, state: state({ tierId: m.tier }) })),
      TIERS,
      new Map(members.map((m) => [m.id, m.progress])),
      rules({ window: "calendar_year" }),
      NOW,
    );
    expect(preview.up.map((m) => [m.memberId, m.toTierName, m.when])).toEqual([
      ["m1", "silver", "now"],
      ["m2", "gold", "now"],
    ]);
    expect(preview.down.map((m) => [m.memberId, m.fromTierName, m.toTierName, m.when])).toEqual([["m4", "gold", "silver", "2027-01-01T00:00:00.000Z"]]);
    expect(preview.unchanged).toBe(2);
  });

  it("raising a threshold under 'never' moves nobody down", () => {
    const raised = [tier("bronze", 0n, 0), tier("silver", 800n, 1), tier("gold", 1000n, 2)];
    const preview = previewTierChanges([{ memberId: "m", customerId: "c", email: null, state: state({ tierId: "silver" }) }], raised, new Map([["m", 600n]]), rules({ downgradePolicy: "never" }), NOW);
    expect(preview).toEqual({ up: [], down: [], unchanged: 1 });
  });
});
