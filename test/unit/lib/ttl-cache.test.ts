// The storefront's per-process cache: one load per key per TTL, shared by requests that miss
// together; a failed load is forgotten, but never evicts a newer entry loaded since.
import { describe, expect, it } from "vitest";
import { TtlCache } from "../../../app/lib/ttl-cache";

describe("TtlCache", () => {
  it("loads once per TTL for requests that miss together", async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>(5_000, () => now);
    const load = async () => ++loads;
    expect(await Promise.all([cache.get("k", load), cache.get("k", load), cache.get("k", load)])).toEqual([1, 1, 1]);
    now += 5_001;
    expect(await Promise.all([cache.get("k", load), cache.get("k", load)])).toEqual([2, 2]);
    expect(loads).toBe(2);
  });

  it("forgets a failed load, and a late failure does not evict the entry loaded after it", async () => {
    const cache = new TtlCache<string>(5_000, () => 0);
    let fail!: (error: Error) => void;
    const failing = cache.get("k", () => new Promise<string>((_, reject) => (fail = reject)));
    cache.delete("k"); // e.g. this instance stored a new value meanwhile
    expect(await cache.get("k", async () => "fresh")).toBe("fresh");
    fail(new Error("database unavailable"));
    await expect(failing).rejects.toThrow("database unavailable");
    expect(await cache.get("k", async () => "reloaded")).toBe("fresh");

    await expect(cache.get("other", async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    await Promise.resolve();
    expect(await cache.get("other", async () => "up")).toBe("up");
  });
});
