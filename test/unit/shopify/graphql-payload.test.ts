// A mutation payload Shopify's schema allows to be null (generated types say so) fails as an
// unavailable Shopify, which redemption treats as "may have happened" rather than as a crash.
import { describe, expect, it } from "vitest";
import { ShopifyApiError } from "../../../app/shopify/admin-api.server";
import { payload } from "../../../app/shopify/graphql/payload";
import { isAmbiguousFailure } from "../../../app/shopify/reward-discounts.server";

describe("payload", () => {
  it("returns a present payload", () => {
    const value = { userErrors: [] };
    expect(payload(value, "discountCodeBasicCreate")).toBe(value);
  });

  it("throws a ShopifyApiError naming the field for a null or missing payload", () => {
    for (const missing of [null, undefined]) {
      let thrown: unknown;
      try {
        payload(missing, "discountCodeBasicCreate");
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ShopifyApiError);
      expect((thrown as ShopifyApiError).message).toBe("discountCodeBasicCreate returned no payload");
      expect(isAmbiguousFailure(thrown)).toBe(true);
    }
  });
});
