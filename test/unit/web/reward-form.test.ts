import { describe, expect, it } from "vitest";
import { REWARD_TYPES, RewardValidationError, validateRewardInput } from "../../../app/loyalty/rewards";
import { emptyRewardForm, rewardFormFrom, rewardInputFromForm } from "../../../app/web/admin/reward-form";

describe("reward editor form", () => {
  it.each(REWARD_TYPES)("turns the default %s form into input the catalog accepts", (type) => {
    const form = { ...emptyRewardForm(), title: "A reward", type, variantId: "123", productTitle: "Candle" };
    const valid = validateRewardInput(rewardInputFromForm(form), "USD");
    expect(valid.type).toBe(type);
    expect(valid.pointsCost).toBe(type === "variable_amount" ? 100 : 500);
  });

  it("maps limits, minimums, collections and combinations", () => {
    const input = rewardInputFromForm({
      ...emptyRewardForm(),
      title: "Big",
      minimumSubtotal: " 50.00 ",
      collectionIds: "11, 22,,",
      limitCount: "2",
      limitPeriod: "week",
      orderDiscounts: true,
      shippingDiscounts: false,
    });
    expect(input).toMatchObject({
      minimumSubtotal: "50.00",
      collectionIds: ["11", "22"],
      limit: { count: 2, period: "week" },
      combinesWith: { orderDiscounts: true, productDiscounts: false, shippingDiscounts: false },
    });
    expect(validateRewardInput(input, "USD").minimumSubtotalMinor).toBe(5000n);
  });

  it("passes half-typed numbers through so the server names the field instead of guessing", () => {
    const input = rewardInputFromForm({ ...emptyRewardForm(), title: "x", pointsCost: "12a" });
    expect(() => validateRewardInput(input, "USD")).toThrow(RewardValidationError);
    try {
      validateRewardInput(input, "USD");
    } catch (error) {
      expect(Object.keys((error as RewardValidationError).fieldErrors)).toContain("pointsCost");
    }
  });

  it("round-trips a stored reward through the form", () => {
    const stored = {
      title: "Choose your discount",
      type: "variable_amount" as const,
      pointsCost: 200,
      config: { pointsPerStep: 100, amountPerStep: "1.00", minPoints: 200, maxPoints: 1000 },
      minimumSubtotal: "20.00",
      collectionIds: ["9007199254740993"],
      codeValidityDays: 14,
      limit: { count: 1, period: "lifetime" as const },
      minimumTierId: "tier_gold",
      active: false,
      combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
    };
    const again = validateRewardInput(rewardInputFromForm(rewardFormFrom(stored)), "USD");
    expect(again).toMatchObject({
      title: stored.title,
      pointsCost: 200,
      config: stored.config,
      collectionIds: ["9007199254740993"],
      codeValidityDays: 14,
      limit: stored.limit,
      minimumTierId: "tier_gold",
      active: false,
      combinesWith: stored.combinesWith,
    });
  });
});
