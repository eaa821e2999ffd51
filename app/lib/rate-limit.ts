// Token buckets for the storefront API, per customer and per shop. In memory: each app instance
// limits what reaches it, which is what protects its database; a burst of 50 from one shopper
// (the widget's worst case) always fits.
export type BucketRule = { capacity: number; refillPerSecond: number };

export const STOREFRONT_LIMITS = {
  customer: { capacity: 60, refillPerSecond: 2 },
  shop: { capacity: 3000, refillPerSecond: 1000 },
} satisfies Record<string, BucketRule>;

type Bucket = { tokens: number; updatedAt: number };

export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Takes one token; returns how many seconds to wait when there is none. */
  take(key: string, rule: BucketRule): { ok: true } | { ok: false; retryAfterS: number } {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: rule.capacity, updatedAt: now };
    bucket.tokens = Math.min(rule.capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * rule.refillPerSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    // Forget idle buckets now and then so memory stays bounded.
    if (this.buckets.size > 50_000) this.prune(now, rule);
    return { ok: false, retryAfterS: Math.ceil((1 - bucket.tokens) / rule.refillPerSecond) };
  }

  private prune(now: number, rule: BucketRule) {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.updatedAt) / 1000) * rule.refillPerSecond >= rule.capacity) this.buckets.delete(key);
    }
  }
}
