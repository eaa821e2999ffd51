import { describe, expect, it } from "vitest";
import { parseProgramSettings } from "../../../app/loyalty/program-settings";
import { extraWaysToEarn } from "../../../app/loyalty/ways-to-earn";

describe("other ways to earn", () => {
  it("lists nothing for a default program", () => {
    expect(extraWaysToEarn(parseProgramSettings({}))).toEqual([]);
  });

  it("lists enabled actions, birthday and referrals with how to take part", () => {
    const settings = parseProgramSettings({
      birthday: { enabled: true, points: 100 },
      actions: {
        socialFollow: { instagram: { enabled: true, points: 50, url: "https://instagram.com/bath" }, tiktok: { enabled: false, points: 50 } },
        emailSignup: { enabled: true, points: 25 },
        productReview: { enabled: true, points: 0 },
      },
      referrals: { enabled: true, advocatePoints: 500, welcomeRewardId: "r1" },
    });
    expect(extraWaysToEarn(settings).map((w) => [w.id, w.points, w.action?.type ?? null])).toEqual([
      ["birthday", 100, "birthday"],
      ["social_follow:instagram", 50, "social_follow"],
      ["email_signup", 25, null],
      ["referral", 500, "referral"],
    ]);
  });
});
