import { describe, expect, it } from "vitest";
import { defaultProgramSettings, parseProgramSettings, ProgramSettingsError } from "../../../app/loyalty/program-settings";

function errorOf(fn: () => unknown): ProgramSettingsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProgramSettingsError) return error;
    throw error;
  }
  throw new Error("expected a ProgramSettingsError");
}

describe("program settings", () => {
  it("has working defaults: 1 point per 1.00 on the subtotal after discounts, rounded down, on payment", () => {
    expect(defaultProgramSettings()).toEqual({
      enabled: true,
      currency: { singular: "point", plural: "points" },
      earn: {
        pointsPerUnit: { points: 1, perAmount: "1.00" },
        basis: { includeShipping: false, includeTaxes: false },
        rounding: "down",
        minimumOrder: null,
        exclusions: { productIds: [], collectionIds: [], productTags: [] },
        multipliers: { productIds: {}, collectionIds: {} },
        channelRates: { pos: null },
        earnOn: "paid",
        pendingDays: 0,
      },
      clawback: "clamp",
      signupBonus: 0,
      pointsExpiry: { mode: "none" },
      birthday: { enabled: false, points: 0, rewardId: null, minDaysBeforeBirthday: 30 },
      actions: {
        socialFollow: {},
        emailSignup: { enabled: false, points: 0 },
        productReview: { enabled: false, points: 0, limit: { count: 1, period: "lifetime" } },
      },
      referrals: { enabled: false, advocatePoints: 0, welcomeRewardId: null, monthlyCap: 10 },
    });
    expect(parseProgramSettings(undefined)).toEqual(defaultProgramSettings());
    expect(parseProgramSettings(null)).toEqual(defaultProgramSettings());
  });

  it("fills missing fields with defaults and drops unknown ones", () => {
    const s = parseProgramSettings({ currency: { plural: "Bath Bucks" }, earn: { rounding: "up" }, legacyField: 1 });
    expect(s.currency).toEqual({ singular: "point", plural: "Bath Bucks" });
    expect(s.earn.rounding).toBe("up");
    expect(s.earn.pointsPerUnit).toEqual({ points: 1, perAmount: "1.00" });
    expect(s).not.toHaveProperty("legacyField");
  });

  it("stores multipliers and amounts as exact decimal strings, accepting plain numbers", () => {
    const s = parseProgramSettings({
      earn: { pointsPerUnit: { points: 5, perAmount: 100 }, multipliers: { productIds: { p1: 2, p2: "1.5" } }, channelRates: { pos: 0.5 } },
    });
    expect(s.earn.pointsPerUnit).toEqual({ points: 5, perAmount: "100" });
    expect(s.earn.multipliers.productIds).toEqual({ p1: "2", p2: "1.5" });
    expect(s.earn.channelRates.pos).toBe("0.5");
  });

  it("lists every invalid field in a typed error", () => {
    const error = errorOf(() =>
      parseProgramSettings({
        earn: { pointsPerUnit: { points: 1.5, perAmount: "0" }, rounding: "sideways", multipliers: { productIds: { p: "1.23456" } }, channelRates: { pos: 1e21 } },
        signupBonus: -1,
        pointsExpiry: { mode: "after_months" },
      }),
    );
    expect(Object.keys(error.fieldErrors).sort()).toEqual(
      [
        "earn.channelRates.pos",
        "earn.multipliers.productIds.p",
        "earn.pointsPerUnit.perAmount",
        "earn.pointsPerUnit.points",
        "earn.rounding",
        "pointsExpiry.months",
        "signupBonus",
      ].sort(),
    );
    expect(error.message).toMatch(/^Invalid program settings: /);
    expect(error.message).toContain("earn.pointsPerUnit.perAmount must be more than zero");
  });

  it("checks money amounts against the shop currency when it is given", () => {
    const yen = { earn: { pointsPerUnit: { points: 1, perAmount: "0.50" }, minimumOrder: "10.5" } };
    expect(parseProgramSettings(yen).earn.pointsPerUnit.perAmount).toBe("0.50");
    expect(Object.keys(errorOf(() => parseProgramSettings(yen, { shopCurrency: "JPY" })).fieldErrors).sort()).toEqual([
      "earn.minimumOrder",
      "earn.pointsPerUnit.perAmount",
    ]);
    expect(parseProgramSettings({ earn: { pointsPerUnit: { points: 1, perAmount: "0.500" } } }, { shopCurrency: "KWD" }).earn.pointsPerUnit.perAmount).toBe("0.500");
  });

  it("keeps the expiry modes apart", () => {
    expect(parseProgramSettings({ pointsExpiry: { mode: "inactivity", months: 12 } }).pointsExpiry).toEqual({ mode: "inactivity", months: 12 });
    expect(() => parseProgramSettings({ pointsExpiry: { mode: "sometimes" } })).toThrow(ProgramSettingsError);
  });
});
