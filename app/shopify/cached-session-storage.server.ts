// Session storage with a short read cache. Every storefront request authenticates through the
// app proxy, and the library loads the shop's offline session each time: one database read per
// request for a row that changes only on install, token refresh and uninstall. Reads are served
// from memory for a few seconds; this instance's writes and deletes update the cache at once
// (another instance's token refresh is seen within the TTL). When an entry expires, the requests
// that arrive while it is read again wait for that one read instead of each reading storage.
import type { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { TtlCache } from "../lib/ttl-cache";

export class CachedSessionStorage implements SessionStorage {
  private readonly cache: TtlCache<Session | undefined>;

  constructor(
    private readonly inner: SessionStorage,
    ttlMs = 10_000,
    now: () => number = Date.now,
  ) {
    this.cache = new TtlCache(ttlMs, now);
  }

  async storeSession(session: Session): Promise<boolean> {
    this.cache.delete(session.id);
    return this.inner.storeSession(session);
  }

  loadSession(id: string): Promise<Session | undefined> {
    return this.cache.get(id, () => this.inner.loadSession(id));
  }

  async deleteSession(id: string): Promise<boolean> {
    this.cache.delete(id);
    return this.inner.deleteSession(id);
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    for (const id of ids) this.cache.delete(id);
    return this.inner.deleteSessions(ids);
  }

  findSessionsByShop(shop: string): Promise<Session[]> {
    return this.inner.findSessionsByShop(shop);
  }
}
