// Worker processes commit asynchronously on PostgreSQL; everything else waits for the WAL flush
// (ADR 0010): the web process must never acknowledge a webhook it could lose.
import { describe, expect, it } from "vitest";
import { createDb } from "../../../app/db/client";
import { TEST_POSTGRES_URL } from "../../support/postgres";

const setting = async (asyncCommit: boolean) => {
  const handle = createDb({ provider: "postgresql", connectionString: TEST_POSTGRES_URL, schema: "public" }, { asyncCommit });
  try {
    const [row] = await handle.db.$queryRaw<Array<{ synchronous_commit: string }>>`SHOW synchronous_commit`;
    return row!.synchronous_commit;
  } finally {
    await handle.close();
  }
};

describe("commit durability per process kind", () => {
  it("is synchronous by default and asynchronous only when asked (worker processes)", async () => {
    expect(await setting(false)).toBe("on");
    expect(await setting(true)).toBe("off");
  });
});
