// A tiny per-process cache for what every storefront request reads and merchants rarely change
// (the shop row, the active rewards). Entries live a few seconds: a merchant's edit shows up on
// the storefront within that time, and a busy storefront does not re-read them per request.
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
    const value = load();
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    // A failed load is not remembered.
    value.catch(() => this.entries.delete(key));
    return value;
  }

  delete(key: string) {
    this.entries.delete(key);
  }
}
