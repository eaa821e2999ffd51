// The PostgreSQL pool keeps the connections a burst opened for the next burst (ADR 0016): pg's
// default closed them after 10 s idle, and every new connection is a new backend with cold caches
// and all statements to prepare again. Idle connections must not keep a process alive.
import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDb, POOL_IDLE_MS } from "../../../app/db/client";
import { TEST_POSTGRES_URL } from "../../support/postgres";

const config = { provider: "postgresql", connectionString: TEST_POSTGRES_URL, schema: "public" } as const;

/** Three statements at once: three pooled connections; the backend process ids that served them. */
async function burst(db: ReturnType<typeof createDb>["db"]): Promise<Set<number>> {
  const rows = await Promise.all(
    [1, 2, 3].map(() => db.$queryRaw<Array<{ pid: number }>>`SELECT pg_backend_pid() AS pid, pg_sleep(0.05)::text AS slept`),
  );
  return new Set(rows.map(([row]) => row!.pid));
}

describe("the PostgreSQL pool", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("keeps the connections of a burst for the next one, and closes them after POOL_IDLE_MS idle", async () => {
    const handle = createDb(config);
    try {
      // Only the pool's idle timers are faked: the connections and statements stay real.
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      const first = await burst(handle.db);
      expect(first.size).toBe(3);

      vi.advanceTimersByTime(60_000); // pg's own default would have closed them after 10 s
      expect(await burst(handle.db)).toEqual(first);

      vi.advanceTimersByTime(POOL_IDLE_MS + 1_000);
      await vi.waitFor(async () => {
        const [row] = await handle.db.$queryRaw<Array<{ pid: number }>>`SELECT pg_backend_pid() AS pid`;
        expect(first.has(row!.pid)).toBe(false);
      });
    } finally {
      vi.useRealTimers();
      await handle.close();
    }
  });

  it("lets a process exit while its connections are idle, without closing the pool", () => {
    const script = `
      import { createDb } from "./app/db/client.ts";
      const { db } = createDb(${JSON.stringify(config)});
      const [row] = await db.$queryRaw\`SELECT 1 AS one\`;
      console.log("read", row.one);`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 8_000 });
    expect(child.stderr).not.toMatch(/Error/);
    expect(child.stdout).toContain("read 1");
    // Killed by the timeout (signal set) if the idle connection held the process open.
    expect(child.signal).toBeNull();
    expect(child.status).toBe(0);
  });
});
