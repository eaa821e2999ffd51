import { describe, expect, it } from "vitest";
import { RateLimiter, STOREFRONT_LIMITS } from "../../../app/lib/rate-limit";

describe("storefront rate limits", () => {
  it("serve a burst of 50 from one shopper, then answer 429 with a wait, and refill over time", () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const burst = Array.from({ length: 50 }, () => limiter.take("customer:a", STOREFRONT_LIMITS.customer));
    expect(burst.every((v) => v.ok)).toBe(true);
    for (let i = 0; i < 10; i++) limiter.take("customer:a", STOREFRONT_LIMITS.customer);
    const refused = limiter.take("customer:a", STOREFRONT_LIMITS.customer);
    expect(refused).toEqual({ ok: false, retryAfterS: 1 });
    // Another shopper is not affected.
    expect(limiter.take("customer:b", STOREFRONT_LIMITS.customer).ok).toBe(true);
    now += 1000;
    expect(limiter.take("customer:a", STOREFRONT_LIMITS.customer).ok).toBe(true);
  });

  it("limit a whole shop too", () => {
    const limiter = new RateLimiter(() => 0);
    const { capacity } = STOREFRONT_LIMITS.shop;
    const results = Array.from({ length: capacity + 1 }, (_, i) => limiter.take("shop:s", STOREFRONT_LIMITS.shop).ok || i);
    expect(results.filter((r) => r !== true)).toEqual([capacity]);
  });
});
