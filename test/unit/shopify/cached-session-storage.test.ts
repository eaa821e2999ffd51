// The session read cache: repeated loads within the TTL read storage once; this instance's writes
// and deletes are seen at once; after the TTL storage is read again.
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { describe, expect, it } from "vitest";
import { CachedSessionStorage } from "../../../app/shopify/cached-session-storage.server";

/** An in-memory storage that counts its reads (a real implementation of the interface). */
class MemoryStorage implements SessionStorage {
  readonly rows = new Map<string, Session>();
  reads = 0;
  async storeSession(session: Session) {
    this.rows.set(session.id, session);
    return true;
  }
  async loadSession(id: string) {
    this.reads++;
    return this.rows.get(id);
  }
  async deleteSession(id: string) {
    return this.rows.delete(id);
  }
  async deleteSessions(ids: string[]) {
    for (const id of ids) this.rows.delete(id);
    return true;
  }
  async findSessionsByShop(shop: string) {
    return [...this.rows.values()].filter((s) => s.shop === shop);
  }
}

const session = (token: string) => new Session({ id: "offline_a.myshopify.com", shop: "a.myshopify.com", state: "s", isOnline: false, accessToken: token });

describe("CachedSessionStorage", () => {
  it("reads storage once per TTL, and sees its own writes and deletes at once", async () => {
    let now = 1_000;
    const inner = new MemoryStorage();
    const cached = new CachedSessionStorage(inner, 10_000, () => now);
    await cached.storeSession(session("t1"));
    expect((await cached.loadSession("offline_a.myshopify.com"))?.accessToken).toBe("t1");
    expect((await cached.loadSession("offline_a.myshopify.com"))?.accessToken).toBe("t1");
    expect(inner.reads).toBe(1);

    await cached.storeSession(session("t2")); // token refreshed here
    expect((await cached.loadSession("offline_a.myshopify.com"))?.accessToken).toBe("t2");

    inner.rows.set("offline_a.myshopify.com", session("t3")); // refreshed by another instance
    expect((await cached.loadSession("offline_a.myshopify.com"))?.accessToken).toBe("t2");
    now += 10_001;
    expect((await cached.loadSession("offline_a.myshopify.com"))?.accessToken).toBe("t3");

    await cached.deleteSessions(["offline_a.myshopify.com"]); // uninstalled
    expect(await cached.loadSession("offline_a.myshopify.com")).toBeUndefined();
  });

  it("reads storage once for the requests that arrive while an expired entry is read again", async () => {
    let now = 1_000;
    const inner = new MemoryStorage();
    await inner.storeSession(session("t1"));
    const cached = new CachedSessionStorage(inner, 10_000, () => now);
    await cached.loadSession("offline_a.myshopify.com");
    now += 10_001;
    const loads = await Promise.all(Array.from({ length: 5 }, () => cached.loadSession("offline_a.myshopify.com")));
    expect(loads.map((s) => s?.accessToken)).toEqual(["t1", "t1", "t1", "t1", "t1"]);
    expect(inner.reads).toBe(2);
  });

  it("does not remember a failed read", async () => {
    const inner = new MemoryStorage();
    await inner.storeSession(session("t1"));
    let fail = true;
    const flaky = Object.assign(Object.create(inner) as MemoryStorage, {
      loadSession: async (id: string) => {
        if (fail) throw new Error("database unavailable");
        return inner.loadSession(id);
      },
    });
    const cached = new CachedSessionStorage(flaky, 10_000, () => 1_000);
    await expect(cached.loadSession("offline_a.myshopify.com")).rejects.toThrow("database unavailable");
    fail = false;
    expect((await cached.loadSession("offline_a.myshopify.com"))?.accessToken).toBe("t1");
  });
});
