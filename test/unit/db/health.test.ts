// GET /healthz is public: an unreachable database answers a generic message, and the driver's
// error (host, port, user, database name) goes to the log only. Issue 21 item 11.
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../../app/db/client";
import { captureLogs } from "../../../app/lib/logger";
import { checkHealth } from "../../../app/services/health.server";

describe("health check", () => {
  // Nothing listens on port 1: the driver fails with its own error text.
  const handle = createDb({ provider: "postgresql", connectionString: "postgresql://secret_user@127.0.0.1:1/private_db", schema: "tally" });
  afterAll(() => handle.close());

  it("reports an unreachable database without its error text, and logs that text", async () => {
    const logged = captureLogs();
    try {
      const health = await checkHealth(handle.db, "postgresql", "1.2.3");
      expect(health).toEqual({
        status: "unavailable",
        version: "1.2.3",
        message: "The database is not reachable.",
        database: { provider: "postgresql", reachable: false, latencyMs: expect.any(Number) },
      });
      expect(JSON.stringify(health)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|secret_user|private_db|:1\b/);
      expect(logged.lines).toEqual([{ level: "error", scope: "health", line: expect.stringMatching(/^\[health\] database unreachable: .*(ECONNREFUSED|connect)/i) }]);
    } finally {
      logged.stop();
    }
  });
});
