// A tiny per-process cache for what every storefront request reads and merchants rarely change
// (the shop row, the active rewards, the shop's offline session). Entries live a few seconds: a
// merchant's edit shows up on the storefront within that time, and a busy storefront does not
// re-read them per request. Requests that miss together share one load.
export class TtlCache<V> {
  private entries = new Map<string, { value: Promise<V>; expires: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = () => Date.now(),
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now()) return hit.value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const entry = { value: load(), expires: this.now() + this.ttlMs };
    this.entries.set(key, entry);
    // A failed load is not remembered (nor does it evict a newer entry loaded since).
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value;
  }

  delete(key: string) {
    this.entries.delete(key);
  }
}
